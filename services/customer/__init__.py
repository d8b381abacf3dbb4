"""Customer service: the register of persons and organisations (C1), addresses with
history (C6), contact persons and notes (C9), and phone lookup for caller id."""
