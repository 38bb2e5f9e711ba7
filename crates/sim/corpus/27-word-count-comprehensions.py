# Teaches: a small map-reduce: threads count words in slices of a text into dicts that are merged at the end, using list, dict and set comprehensions, generator expressions, lambda, zip and enumerate
# Output: exact
# Speed: none
import threading

TEXT = """It was the best of times, it was the worst of times, it was the age of
wisdom, it was the age of foolishness, it was the epoch of belief, it was the
epoch of incredulity, it was the season of Light, it was the season of Darkness"""

words = [w.strip(",.").lower() for w in TEXT.split()]
n_threads = 3
size = (len(words) + n_threads - 1) // n_threads
chunks = [words[i:i + size] for i in range(0, len(words), size)]
partial = [dict() for _ in chunks]


def count_words(chunk, out):
    for w in chunk:
        out[w] = out.get(w, 0) + 1


threads = [threading.Thread(target=count_words, args=(c, d)) for c, d in zip(chunks, partial)]
for t in threads:
    t.start()
for t in threads:
    t.join()

totals = {}
for d in partial:
    for word, n in d.items():
        totals[word] = totals.get(word, 0) + n

for i, chunk in enumerate(chunks):
    print(f"chunk {i}: {len(chunk)} words, first {chunk[0]!r}, last {chunk[-1]!r}")

top = sorted(totals.items(), key=lambda item: (-item[1], item[0]))[:5]
print("top five:", top)
print("distinct words:", len(totals))
print("long words:", sorted({w for w in words if len(w) > 7}))
lengths = {w: len(w) for w in totals if totals[w] == 1}
print("words used once:", len(lengths), "longest:", max(lengths, key=lengths.get))
print("shortest word:", min(totals, key=len))
print("total letters:", sum(len(w) for w in words))
print("any word with 'z'?", any("z" in w for w in words))
pairs = list(zip(words, words[1:]))
print("'it was' appears", pairs.count(("it", "was")), "times")
print("first three reversed:", tuple(words[:3][::-1]))
