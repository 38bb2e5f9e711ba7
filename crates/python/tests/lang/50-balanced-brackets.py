# Teaches: a list used as a stack: checking balanced brackets, evaluating postfix expressions, undo history
PAIRS = {")": "(", "]": "[", "}": "{"}

def balanced(text):
    stack = []
    for i, ch in enumerate(text):
        if ch in "([{":
            stack.append(ch)
        elif ch in PAIRS:
            if not stack or stack.pop() != PAIRS[ch]:
                return f"mismatch at {i}"
    return "balanced" if not stack else f"{len(stack)} unclosed"

for s in ["(a + b) * [c]", "{[()]}", "(]", "((x)", "", "print(f(x[0]))"]:
    print(repr(s), "->", balanced(s))

def postfix(expression):
    stack = []
    for token in expression.split():
        if token.lstrip("-").isdigit():
            stack.append(int(token))
            continue
        right = stack.pop()
        left = stack.pop()
        if token == "+":
            stack.append(left + right)
        elif token == "-":
            stack.append(left - right)
        elif token == "*":
            stack.append(left * right)
        elif token == "/":
            stack.append(left // right)
    return stack[0]

print(postfix("3 4 + 2 *"), postfix("5 1 2 + 4 * + 3 -"), postfix("7 -2 /"))

document = []
history = []
for action in ["type hello", "type world", "undo", "type there", "type !", "undo", "undo"]:
    if action == "undo":
        if history:
            document = history.pop()
    else:
        history.append(document[:])
        document.append(action.split()[1])
    print(f"{action:<12} {document}")
