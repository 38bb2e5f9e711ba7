# Teaches: find, rfind, index, count, in, isdigit/isalpha/isupper/isspace, and checking input text
text = "the rain in spain stays mainly in the plain"
print(text.find("ain"))
print(text.find("ain", 10))
print(text.rfind("ain"))
print(text.find("snow"))
print(text.index("spain"))
print(text.count("ain"), text.count("in"), text.count(" ") + 1)
print("spain" in text, "france" not in text)

positions = []
start = 0
while True:
    pos = text.find("ain", start)
    if pos == -1:
        break
    positions.append(pos)
    start = pos + 1
print("ain at", positions)

samples = ["12345", "abc", "abc123", "", "   ", "ABC", "3.14", "Hello World"]
for s in samples:
    print(repr(s), s.isdigit(), s.isalpha(), s.isalnum(), s.isupper(), s.isspace())

def is_valid_pin(pin):
    return len(pin) == 4 and pin.isdigit()

for pin in ["1234", "12a4", "123", "0000"]:
    print(pin, "valid" if is_valid_pin(pin) else "invalid")

vowels = 0
for ch in "Programming Language":
    if ch.lower() in "aeiou":
        vowels += 1
print("vowels:", vowels)
