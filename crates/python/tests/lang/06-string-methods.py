# Teaches: str methods: split, join, strip, replace, upper/lower/title/capitalize, startswith/endswith
line = "   the quick brown fox   "
print("[" + line + "]")
print("[" + line.strip() + "]")
print("[" + line.lstrip() + "]")
print("[" + line.rstrip() + "]")

words = line.split()
print(words)
print(len(words), "words")
print("-".join(words))
print(" ".join(reversed(words)))

csv_row = "alice,30,paris,,engineer"
print(csv_row.split(","))
print(csv_row.split(",", 2))
print("a  b".split(" "))

title = "python programming for beginners"
print(title.upper())
print(title.title())
print(title.capitalize())
print("MiXeD CaSe".lower(), "MiXeD CaSe".swapcase())

sentence = "I like cats. Cats like me."
print(sentence.replace("cats", "dogs"))
print(sentence.lower().replace("cats", "dogs"))
print(sentence.replace("like", "love", 1))

filenames = ["report.pdf", "photo.JPG", "notes.txt", "draft_report.pdf"]
for f in filenames:
    if f.lower().endswith((".jpg", ".png")):
        print(f, "is an image")
    elif f.startswith("draft"):
        print(f, "is a draft")
    elif f.endswith(".pdf"):
        print(f, "is a document")
    else:
        print(f, "is something else")
print("xxhixx".strip("x"), "www.example.com".removeprefix("www."))
