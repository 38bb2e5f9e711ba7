# Teaches: split with a separator and maxsplit, rsplit, splitlines, strip/lstrip/rstrip with a set of characters, find with start/end, negative-step slicing
record = "2024-05-17,Alice Smith,London,UK,42"
print(record.split(","))
print(record.split(",", 1), record.split(",", maxsplit=2)[-1])
print(record.rsplit(",", 1), record.rsplit(",", 2)[0])
print("a,,b,".split(","), "  many   spaces here ".split(), "  x  ".split(" "))
print("one two three".split(None, 1), "k=v=w".partition("="), "k=v=w".rpartition("="))
print("path/to/file.tar.gz".rsplit(".", 1)[0], "path/to/file.tar.gz".split("/")[-1].split(".", 1))
print("line one\nline two\r\nline three\n".splitlines(), "".split(","), "".split())

messy = "**==Hello, World!==**"
print(messy.strip("*="), messy.lstrip("*"), messy.rstrip("=*"), "xxhixx".strip("x"))
print("  \t padded \n".strip(), "www.example.com".strip("wcom."), "0012300".strip("0"))

text = "the cat sat on the mat with the hat"
print(text.find("the"), text.find("the", 1), text.find("the", 5, 20), text.find("dog"))
print(text.rfind("the"), text.index("mat"), text.count("at"), text.count("the", 10))
positions = []
start = text.find("at")
while start != -1:
    positions.append(start)
    start = text.find("at", start + 1)
print(positions)

word = "stressed"
print(word[::-1], word[::2], word[-1:-4:-1], word[5:1:-1], word[::-2])
print(word[-3:], word[:-3], word[100:], word[-100:3], word[2:2] == "")
alphabet = "abcdefghij"
print(alphabet[1::3], alphabet[-2::-2], alphabet[7:2:-2], alphabet[::-1][:3])
print([alphabet[i:i + 3] for i in range(0, len(alphabet), 3)])

def is_palindrome(s):
    cleaned = "".join(ch.lower() for ch in s if ch.isalnum())
    return cleaned == cleaned[::-1]

for phrase in ["A man, a plan, a canal: Panama", "Hello", "Was it a car or a cat I saw?"]:
    print(is_palindrome(phrase), end=" ")
print()
print("-".join("abc"), "".join(reversed("abc")), " ".join(w[::-1] for w in "hello world".split()))
print("Hello World".swapcase(), "hello world".title(), "ab".zfill(5), "-42".zfill(6))
print("data.csv".endswith((".csv", ".txt")), "Report".startswith("rep"), "x".join(["1"]))
