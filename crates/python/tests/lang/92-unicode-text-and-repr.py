# Teaches: str is Unicode code points: len, upper/lower, slicing, center and ljust on accented, Greek, CJK and emoji text; repr escapes
words = ["café", "naïve", "Ελλάδα", "東京", "straße", "🍕pizza", "Ωmega"]
for w in words:
    print(f"{w!r:>12} len={len(w)} upper={w.upper()} first={w[0]} last2={w[-2:]} reversed={w[::-1]}")

print("ß".upper(), len("ß".upper()), "ǅ".lower(), "İ".lower() == "i̇", "ΣΑΣ".lower())
print("Crème Brûlée".casefold(), "HELLO".casefold() == "hello", "Straße".casefold())
print("東京".center(8, "*"), "|" + "añb".ljust(5, ".") + "|", "|" + "π".rjust(3) + "|")
print("日本語テキスト"[2:5], "😀😃😄"[1], len("👍🏽"), list("👍🏽"))
print(ord("é"), chr(233), ord("€"), chr(0x1F600), hex(ord("中")), chr(945) + chr(946))
print("ÅNGSTRÖM".lower(), "émile".capitalize(), "ὀδυσσεύς".title(), "x²".isdigit(), "٣".isdigit())
print(sorted(["zebra", "Äpfel", "apple", "élan", "Zulu"]))
print("naïve".replace("ï", "i"), "é" == "e\u0301", len("e\u0301"), "Ⅻ".isnumeric(), "ＡＢＣ".lower())
print("€100".find("1"), "日本" in "今日は日本です", "世界".join(["こんにちは", "!"]))
print(max("héllo"), min("Ωα"), "🍕" * 3, "ab🙂".index("🙂"))

samples = ["it's", 'say "hi"', "both ' and \"", "tab\there", "new\nline", "back\\slash", "bell\x07", "é\u200b"]
for s in samples:
    print(repr(s), len(s))
print(samples[:3])
print(repr("\r\n"), repr("\0"), repr("\x7f"), repr("\u00a0"), ascii("café ☕"))
print(str(["a\tb", "ü"]), ("q'", 'd"'))
