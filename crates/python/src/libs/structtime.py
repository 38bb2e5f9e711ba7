# GIL Lab's time.struct_time: the nine fields of a broken-down time, read by index or by name,
# written as CPython writes it. Written for GIL Lab (CPython's is a tuple subclass in C).
_NAMES = ("tm_year", "tm_mon", "tm_mday", "tm_hour", "tm_min", "tm_sec", "tm_wday",
          "tm_yday", "tm_isdst")


class struct_time:
    def __init__(self, fields):
        fields = tuple(fields)
        if len(fields) != 9:
            raise TypeError("time.struct_time() takes a 9-sequence (" + str(len(fields)) + "-sequence given)")
        self._fields = fields
        self.tm_year, self.tm_mon, self.tm_mday, self.tm_hour, self.tm_min, self.tm_sec, \
            self.tm_wday, self.tm_yday, self.tm_isdst = fields
        self.tm_zone = "UTC"
        self.tm_gmtoff = 0

    def __repr__(self):
        parts = [name + "=" + str(value) for name, value in zip(_NAMES, self._fields)]
        return "time.struct_time(" + ", ".join(parts) + ")"

    def __getitem__(self, index):
        return self._fields[index]

    def __len__(self):
        return 9

    def __iter__(self):
        return iter(self._fields)

    def __eq__(self, other):
        if isinstance(other, struct_time):
            return self._fields == other._fields
        return self._fields == other

    def __ne__(self, other):
        return not self == other
