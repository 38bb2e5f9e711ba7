# Teaches: indexing and slicing of str and list with negative indices and steps, and slice assignment
word = "programming"
print(word[0], word[-1], word[3])
print(word[0:3], word[3:], word[:-4], word[-4:])
print(word[::2], word[1::2], word[::-1])
print(word[8:2:-2], word[100:], word[-100:3])

nums = list(range(10))
print(nums[2:7])
print(nums[::3])
print(nums[::-1])
print(nums[-3:])
print(nums[7:2:-1])
print(nums[:])

def is_palindrome(s):
    cleaned = ""
    for ch in s.lower():
        if ch.isalnum():
            cleaned += ch
    return cleaned == cleaned[::-1]

for s in ["racecar", "hello", "A man, a plan, a canal: Panama", "Was it a car or a cat I saw"]:
    print(repr(s), is_palindrome(s))

letters = list("abcdef")
letters[1:3] = ["X", "Y", "Z"]
print(letters)
letters[::2] = [0, 0, 0, 0]
print(letters)
del letters[:2]
print(letters)
copy = letters[:]
copy.append("end")
print(len(letters), len(copy))
print("hello world"[-5:].upper())
