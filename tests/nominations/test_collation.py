from nominations.collation import in_swedish_order, swedish_key


def test_swedish_order_puts_a_ring_before_a_dots_before_o_dots_after_z():
    names = ["Öberg", "Ärlig", "Zetterlund", "Åberg", "Andersson"]
    assert sorted(names, key=swedish_key) == ["Andersson", "Zetterlund", "Åberg", "Ärlig", "Öberg"]


def test_swedish_order_sorts_e_acute_with_e():
    assert sorted(["Eriksson", "Édouard", "Ek"], key=swedish_key) == ["Édouard", "Ek", "Eriksson"]


def test_swedish_order_compares_each_part_in_turn():
    people = [("Öst", "Anna"), ("Åberg", "Örjan"), ("Åberg", "Ärla")]
    assert in_swedish_order(people, key=lambda p: p) == [
        ("Åberg", "Ärla"),
        ("Åberg", "Örjan"),
        ("Öst", "Anna"),
    ]
