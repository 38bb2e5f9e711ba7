# Teaches: class attributes shared by all instances, instance attributes shadowing them, a mutable class attribute shared by mistake
class Employee:
    company = "Acme"
    raise_rate = 1.05
    headcount = 0
    skills = []

    def __init__(self, name, salary):
        self.name = name
        self.salary = salary
        Employee.headcount += 1

    def give_raise(self):
        self.salary = int(self.salary * self.raise_rate)

ann = Employee("Ann", 50000)
bob = Employee("Bob", 40000)
print(Employee.headcount, ann.company, bob.company)

bob.raise_rate = 1.10
ann.give_raise()
bob.give_raise()
print(ann.salary, bob.salary)
print(ann.raise_rate, bob.raise_rate, Employee.raise_rate)

Employee.company = "Acme Corp"
print(ann.company, bob.company)
ann.company = "Ann's startup"
print(ann.company, bob.company, Employee.company)
del ann.company
print(ann.company)

ann.skills.append("python")
print(bob.skills, Employee.skills)

class Team:
    def __init__(self, name):
        self.name = name
        self.members = []

red, blue = Team("red"), Team("blue")
red.members.append("Ann")
print(red.members, blue.members)

ann.headcount += 10
print(ann.headcount, bob.headcount, Employee.headcount)
del ann.headcount
print(ann.headcount)

class Counter:
    count = 0
    def increment(self):
        self.count += 1
        return self.count

c1, c2 = Counter(), Counter()
print(c1.increment(), c1.increment(), c2.increment(), Counter.count)
