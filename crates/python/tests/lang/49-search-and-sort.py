# Teaches: classic algorithms written by hand: linear and binary search, bubble sort, selection sort, insertion sort
def linear_search(items, target):
    for i, item in enumerate(items):
        if item == target:
            return i
    return -1

def binary_search(items, target):
    low, high = 0, len(items) - 1
    steps = 0
    while low <= high:
        steps += 1
        mid = (low + high) // 2
        if items[mid] == target:
            return mid, steps
        elif items[mid] < target:
            low = mid + 1
        else:
            high = mid - 1
    return -1, steps

def bubble_sort(items):
    items = items[:]
    n = len(items)
    for i in range(n):
        swapped = False
        for j in range(n - 1 - i):
            if items[j] > items[j + 1]:
                items[j], items[j + 1] = items[j + 1], items[j]
                swapped = True
        if not swapped:
            break
    return items

def selection_sort(items):
    items = list(items)
    for i in range(len(items)):
        smallest = min(range(i, len(items)), key=lambda k: items[k])
        items[i], items[smallest] = items[smallest], items[i]
    return items

def insertion_sort(items):
    result = []
    for x in items:
        i = len(result)
        while i > 0 and result[i - 1] > x:
            i -= 1
        result.insert(i, x)
    return result

data = [29, 3, 72, 15, 8, 44, 3, 61]
print(linear_search(data, 15), linear_search(data, 100))
print(bubble_sort(data), data)
print(selection_sort(data) == insertion_sort(data) == sorted(data))
ordered = list(range(0, 200, 3))
for target in [0, 99, 198, 100]:
    print(target, binary_search(ordered, target))
print(insertion_sort(["pear", "fig", "apple"]), bubble_sort([]))
