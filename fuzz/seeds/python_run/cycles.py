class Node:
    def __init__(self, value, parent=None):
        self.value = value
        self.parent = parent
        self.children = []
        if parent is not None:
            parent.children.append(self)

def build(depth):
    root = Node(0)
    level = [root]
    for d in range(depth):
        level = [Node(d + 1, p) for p in level for _ in range(2)]
    return root

for _ in range(3):
    tree = build(4)
    print(len(tree.children), tree.children[0].parent is tree)
xs = []
xs.append(xs)
d = {}
d["self"] = d
print(xs, d)
