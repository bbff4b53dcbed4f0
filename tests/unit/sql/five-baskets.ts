// The classic five-basket example of association rules (Ciclo's issue on next best actions quotes its figures):
// at minimum support 0.6 (3 of 5) the frequent pairs are Eggs + Kidney Beans (4), Eggs + Onion, Kidney Beans +
// Milk, Kidney Beans + Onion and Kidney Beans + Yogurt (3 each); the single counts are Kidney Beans 5, Eggs 4,
// Milk, Onion and Yogurt 3, Corn and Nutmeg 2, the others 1.
export const FIVE_BASKETS: readonly (readonly string[])[] = [
  ['Milk', 'Onion', 'Nutmeg', 'Kidney Beans', 'Eggs', 'Yogurt'],
  ['Dill', 'Onion', 'Nutmeg', 'Kidney Beans', 'Eggs', 'Yogurt'],
  ['Milk', 'Apple', 'Kidney Beans', 'Eggs'],
  ['Milk', 'Unicorn', 'Corn', 'Kidney Beans', 'Yogurt'],
  ['Corn', 'Onion', 'Kidney Beans', 'Ice cream', 'Eggs'],
];

/** The pairs held by at least 3 of the five baskets, as the pair queries order them. */
export const FREQUENT_PAIRS = [
  { item_a: 'Eggs', item_b: 'Kidney Beans', count: 4 },
  { item_a: 'Eggs', item_b: 'Onion', count: 3 },
  { item_a: 'Kidney Beans', item_b: 'Milk', count: 3 },
  { item_a: 'Kidney Beans', item_b: 'Onion', count: 3 },
  { item_a: 'Kidney Beans', item_b: 'Yogurt', count: 3 },
] as const;
