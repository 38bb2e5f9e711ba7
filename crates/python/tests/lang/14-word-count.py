# Teaches: counting words with a dict and get(), sorting dict items by value, cleaning text
text = """It was the best of times, it was the worst of times,
it was the age of wisdom, it was the age of foolishness,
it was the epoch of belief, it was the epoch of incredulity"""

counts = {}
for line in text.splitlines():
    for word in line.split():
        word = word.strip(",.").lower()
        counts[word] = counts.get(word, 0) + 1

print(len(counts), "different words")
print(counts["it"], counts["was"], counts.get("times", 0), counts.get("summer", 0))

ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
for word, n in ranked[:6]:
    print(f"{word:<8} {n:>2} " + "#" * n)

letters = {}
for ch in text.lower():
    if ch.isalpha():
        letters[ch] = letters.get(ch, 0) + 1
top = max(letters, key=letters.get)
print("most common letter:", top, letters[top])

lengths = {}
for word in counts:
    lengths.setdefault(len(word), []).append(word)
for size in sorted(lengths):
    print(size, sorted(lengths[size]))

once = [w for w, n in counts.items() if n == 1]
print("used once:", once)
