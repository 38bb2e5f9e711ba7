# Teaches: chr and ord, character arithmetic, building strings in loops, a Caesar cipher and ROT13
print(ord("A"), ord("a"), ord("0"), ord(" "))
print(chr(65), chr(97), chr(48), chr(126))
print([chr(c) for c in range(ord("a"), ord("f"))])

def shift_char(ch, k):
    if ch.isupper():
        return chr((ord(ch) - ord("A") + k) % 26 + ord("A"))
    if ch.islower():
        return chr((ord(ch) - ord("a") + k) % 26 + ord("a"))
    return ch

def caesar(text, k):
    result = ""
    for ch in text:
        result += shift_char(ch, k)
    return result

secret = caesar("Hello, World!", 3)
print(secret)
print(caesar(secret, -3))
print(caesar("Why did the chicken cross the road?", 13))
print(caesar(caesar("Round trip", 13), 13))

def letter_sum(word):
    return sum(ord(c) - ord("a") + 1 for c in word.lower() if c.isalpha())

for w in ["abc", "Python", "zebra"]:
    print(w, letter_sum(w))

alphabet = "".join(chr(ord("A") + i) for i in range(26))
print(alphabet)
print(alphabet[::5], alphabet.lower()[-3:])
print(ord(max("hello")), chr(ord("a") + 25))
