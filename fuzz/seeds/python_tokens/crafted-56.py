if x:
    y


# end
