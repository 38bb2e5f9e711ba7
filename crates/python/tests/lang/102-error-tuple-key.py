# Teaches: dicts keyed by tuples (grid coordinates), get/in checks, and an uncaught KeyError whose key is a tuple
board = {}
for row in range(3):
    for col in range(3):
        board[(row, col)] = "."
board[(1, 1)] = "X"
board[0, 2] = "O"

def show(board):
    for row in range(3):
        print(" ".join(board[row, col] for col in range(3)))

show(board)
print(len(board), (1, 1) in board, (3, 3) in board, board.get((3, 3), "off the board"))

def neighbours(pos):
    r, c = pos
    return [(r + dr, c + dc) for dr in (-1, 0, 1) for dc in (-1, 0, 1) if (dr, dc) != (0, 0)]

inside = [p for p in neighbours((0, 0)) if p in board]
print("neighbours of the corner:", inside)
try:
    board[(-1, -1)]
except KeyError as e:
    print("caught KeyError:", e, e.args)

moves = [(2, 0), (0, 0), (2, 3)]
for move in moves:
    print("playing", move, "was", board[move])
    board[move] = "X"
