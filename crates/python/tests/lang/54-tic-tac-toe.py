# Teaches: a game board as a list of lists, checking rows, columns and diagonals, playing fixed moves, nested loops
def new_board():
    return [[" "] * 3 for _ in range(3)]

def show(board):
    for i, row in enumerate(board):
        print(" " + " | ".join(row))
        if i < 2:
            print("---+---+---")

def winner(board):
    lines = [row[:] for row in board]
    lines += [[board[r][c] for r in range(3)] for c in range(3)]
    lines.append([board[i][i] for i in range(3)])
    lines.append([board[i][2 - i] for i in range(3)])
    for line in lines:
        if line[0] != " " and line.count(line[0]) == 3:
            return line[0]
    return None

def play(moves):
    board = new_board()
    player = "X"
    for row, col in moves:
        if board[row][col] != " ":
            print("square taken:", (row, col))
            continue
        board[row][col] = player
        w = winner(board)
        if w:
            show(board)
            return f"{w} wins"
        player = "O" if player == "X" else "X"
    show(board)
    full = all(cell != " " for row in board for cell in row)
    return "draw" if full else "unfinished"

print(play([(0, 0), (1, 1), (0, 1), (2, 2), (0, 2)]))
print(play([(0, 0), (0, 0), (1, 1), (2, 2), (0, 2), (2, 0), (1, 0)]))
print(play([(0, 0), (0, 1), (0, 2), (1, 1), (1, 0), (1, 2), (2, 1), (2, 0), (2, 2)]))
