# Teaches: string processing: sentences and words, acronyms, capitalising, counting characters, longest word, reversing words
text = ("Python is a programming language that lets you work quickly. "
        "It is easy to learn! Is it fun? Many people think so.")

sentences = [s.strip() for s in text.replace("!", ".").replace("?", ".").split(".") if s.strip()]
print(len(sentences), "sentences")
for s in sentences:
    print(" *", s)

words = [w.strip(".,!?").lower() for w in text.split()]
print(len(words), "words;", len(set(words)), "distinct")
longest = max(words, key=len)
print("longest:", longest, len(longest))
print("average length:", round(sum(len(w) for w in words) / len(words), 2))

def acronym(phrase):
    return "".join(word[0].upper() for word in phrase.split())

print(acronym("portable network graphics"), acronym("as soon as possible"))

def reverse_words(sentence):
    return " ".join(sentence.split()[::-1])

print(reverse_words("the cat sat on the mat"))

def char_kinds(s):
    kinds = {"letters": 0, "digits": 0, "spaces": 0, "other": 0}
    for ch in s:
        if ch.isalpha():
            kinds["letters"] += 1
        elif ch.isdigit():
            kinds["digits"] += 1
        elif ch.isspace():
            kinds["spaces"] += 1
        else:
            kinds["other"] += 1
    return kinds

print(char_kinds("Room 101, floor 3!"))
print(" ".join(w.capitalize() for w in "hello big world".split()))
vowels = sum(1 for ch in text.lower() if ch in "aeiou")
print("vowels:", vowels, "consonants:", sum(c.isalpha() for c in text) - vowels)
snake = "total_amount_due"
print("".join(p.title() for p in snake.split("_")), snake.replace("_", " ").upper())
print("-".join("abc"), "abc" * 2, "a,b,,c".split(","), "x".join(["1", "2"]))
