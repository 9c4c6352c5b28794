    umulh x0, x1, x2
