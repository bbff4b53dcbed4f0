// roles.ts: which column is the customer, the date, the amount… guessed from the header names small
// businesses use in Portuguese, Spanish, Italian and English, and checked against what the values
// look like (a column named "data" whose values are not dates is not the order date).
import { parseDate, PLAUSIBLE_SERIALS } from './dates';
import { parseNumber } from './numbers';
import type { ImportIssue, Mapping, Role } from './types';

interface Synonyms {
  /** Names that mean the role outright. */
  primary: readonly string[];
  /** Names that usually mean it, but lose to a primary name elsewhere in the header. */
  secondary?: readonly string[];
}

// Written without accents, lower case, words separated by spaces: headers are compared the same way.
const SYNONYMS: Record<Role, Synonyms> = {
  customer_id: {
    primary: [
      'cliente', 'cod cliente', 'codigo cliente', 'id cliente', 'cliente id', 'num cliente', 'numero cliente',
      'customer', 'customer id', 'customer no', 'customer number', 'customer code', 'cust id', 'client', 'client id',
      'codice cliente', 'comprador', 'buyer', 'senador', 'parlamentar',
    ],
    secondary: ['email', 'e mail', 'customer email', 'cpf', 'cnpj', 'cpf cnpj', 'cnpj cpf', 'account', 'account id', 'cuenta', 'socio', 'member id'],
  },
  order_date: {
    primary: [
      'data', 'data venda', 'data pedido', 'data emissao', 'data compra', 'emissao', 'dt', 'dt venda', 'dt emissao', 'dt pedido',
      'fecha', 'fecha venta', 'fecha pedido', 'fecha factura', 'fecha compra', 'fecha emision',
      'data vendita', 'data ordine', 'data fattura', 'data acquisto',
      'date', 'order date', 'invoice date', 'sale date', 'sales date', 'transaction date', 'purchase date',
    ],
    secondary: ['created at', 'created', 'timestamp', 'data pagamento', 'payment date'],
  },
  amount: {
    primary: [
      'valor', 'valor total', 'total', 'valor venda', 'valor liquido', 'valor pago', 'total venda', 'valor reembolsado', 'reembolsado',
      'receita', 'faturamento', 'importe', 'importe total', 'monto', 'monto total', 'venta', 'ventas',
      'importo', 'importo totale', 'totale', 'fatturato', 'ricavo',
      'amount', 'total amount', 'revenue', 'sales', 'net', 'net amount', 'price total', 'total price', 'line total', 'subtotal', 'value',
    ],
    secondary: ['gross', 'spend', 'sale'],
  },
  quantity: {
    primary: ['qtd', 'qtde', 'qt', 'quantidade', 'cantidad', 'cant', 'quantita', 'qta', 'qty', 'quantity', 'itens', 'items', 'units', 'unidades', 'pecas', 'pezzi'],
  },
  unit_price: {
    primary: [
      'preco unitario', 'valor unitario', 'vl unitario', 'precio unitario', 'precio unidad', 'prezzo unitario', 'unit price', 'price each',
    ],
    secondary: ['preco', 'precio', 'prezzo', 'price', 'unit cost'],
  },
  cost: {
    primary: [
      'custo', 'custo total', 'valor custo', 'cmv', 'coste', 'coste total', 'costo', 'costo totale', 'cost', 'total cost', 'line cost', 'cogs',
    ],
    secondary: ['custos', 'costes', 'costi', 'costs'],
  },
  product: {
    primary: [
      'produto', 'cod produto', 'nome produto', 'producto', 'articulo', 'prodotto', 'articolo', 'product', 'product id', 'product name',
      'item', 'sku',
    ],
    secondary: ['descricao', 'descripcion', 'descrizione', 'description', 'servico', 'servicio'],
  },
  category: {
    primary: ['categoria', 'category', 'product category', 'tipo despesa', 'linha', 'linha produto', 'linea', 'familia', 'famiglia', 'product line'],
    secondary: ['tipo', 'type', 'grupo', 'group', 'departamento', 'department', 'segmento', 'segment', 'classe'],
  },
  order_id: {
    primary: [
      'pedido', 'numero pedido', 'num pedido', 'nota', 'nota fiscal', 'nf', 'nfe', 'documento', 'cod documento', 'numero documento',
      'factura', 'numero factura', 'fattura', 'numero fattura', 'ordine', 'invoice', 'invoice no', 'invoice number', 'invoice id',
      'order', 'order id', 'order no', 'order number', 'transaction id',
    ],
    secondary: ['recibo', 'receipt', 'ticket', 'cupom', 'venda id', 'id venda', 'cod venda'],
  },
  channel: { primary: ['canal', 'canal venda', 'canale', 'channel', 'sales channel'] },
  salesperson: {
    primary: ['vendedor', 'vendedora', 'venditore', 'seller', 'salesperson', 'sales rep', 'rep', 'representante'],
    secondary: ['agente', 'agent', 'consultor'],
  },
  customer_name: {
    primary: [
      'nome cliente', 'cliente nome', 'razao social', 'nombre', 'nombre cliente', 'ragione sociale', 'customer name', 'client name',
    ],
    secondary: ['nome', 'name'],
  },
  region: {
    primary: [
      'regiao', 'region', 'regione', 'uf', 'estado', 'provincia', 'cidade', 'ciudad', 'citta', 'city', 'state', 'pais', 'paese', 'country',
    ],
    secondary: ['territorio', 'territory', 'zona', 'zone'],
  },
};

/** Words left out before comparing ("data da venda" is "data venda"). */
const STOPWORDS = new Set(['de', 'da', 'do', 'das', 'dos', 'del', 'di', 'della', 'dello', 'the', 'of']);
const NUMERIC_ROLES: ReadonlySet<Role> = new Set(['amount', 'quantity', 'unit_price', 'cost']);
const REQUIRED_ROLES = ['customer_id', 'order_date', 'amount'] as const;
const MIN_SCORE = 40;
const SAMPLE_ROWS = 200;

/** Lower case, no accents, camelCase split, punctuation as spaces, stopwords out: `Data_da_Venda` → [data, venda]. */
export function headerWords(header: string): string[] {
  return header
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '' && !STOPWORDS.has(w));
}

interface ColumnShape {
  filled: number;
  dateShare: number;
  serialShare: number;
  numberShare: number;
  fractionShare: number;
  distinctShare: number;
}

/**
 * Role → column from header synonyms (an exact name scores 100, a name inside a longer header
 * 50–80, secondary names 80 %), corrected by value shapes; the best pairs are taken first. Then:
 * an unclaimed column of dates becomes the order date; a price with no quantity is the amount; a
 * customer name with no customer id also serves as the id; a required role still missing takes the
 * best column by name alone.
 */
export function suggestMapping(headers: string[], sampleRows: string[][]): Mapping {
  const rows = sampleRows.slice(0, SAMPLE_ROWS);
  const shapes = headers.map((_, col) => columnShape(rows.map((r) => r[col] ?? '')));
  const words = headers.map(headerWords);

  const roles = Object.keys(SYNONYMS) as Role[];
  const byName = roles.map((role) => words.map((w) => nameScore(w, SYNONYMS[role])));
  // A header that is exactly one role's name ("order_date") is not a candidate for another role
  // that merely shares a word with it ("order").
  const exactRole = words.map((_, col) => roles.find((_, r) => byName[r]![col] === 100));
  const candidates: Array<{ role: Role; col: number; score: number; rank: number }> = [];
  const nameOnly: typeof candidates = [];
  roles.forEach((role, rank) => {
    words.forEach((_, col) => {
      const name = byName[rank]![col]!;
      if (name < MIN_SCORE || (exactRole[col] !== undefined && exactRole[col] !== role)) return;
      const score = adjustForShape(role, name, shapes[col]!);
      if (score >= MIN_SCORE) candidates.push({ role, col, score, rank });
      nameOnly.push({ role, col, score: name, rank });
    });
  });
  candidates.sort((a, b) => b.score - a.score || a.rank - b.rank || a.col - b.col);

  const mapping: Mapping = {};
  const usedColumns = new Set<number>();
  for (const { role, col } of candidates) {
    if (mapping[role] !== undefined || usedColumns.has(col)) continue;
    mapping[role] = col;
    usedColumns.add(col);
  }

  if (mapping.order_date === undefined) {
    const col = shapes.findIndex((s, i) => !usedColumns.has(i) && s.filled > 0 && s.dateShare >= 0.8);
    if (col !== -1) {
      mapping.order_date = col;
      usedColumns.add(col);
    }
  }
  if (mapping.amount === undefined && mapping.unit_price !== undefined && mapping.quantity === undefined) {
    mapping.amount = mapping.unit_price;
    delete mapping.unit_price;
  }
  if (mapping.amount === undefined && (mapping.quantity === undefined || mapping.unit_price === undefined)) {
    const moneyLike = shapes
      .map((s, i) => ({ s, i }))
      .filter(({ s, i }) => !usedColumns.has(i) && s.filled > 0 && s.numberShare >= 0.9 && s.fractionShare > 0);
    if (moneyLike.length === 1) mapping.amount = moneyLike[0]!.i;
  }
  if (mapping.customer_id === undefined && mapping.customer_name !== undefined) mapping.customer_id = mapping.customer_name;
  // A required role still missing takes its column by name alone, values unseen: "date" holding
  // unreadable dates is better reported as such than as a missing date column.
  nameOnly.sort((a, b) => b.score - a.score || a.rank - b.rank || a.col - b.col);
  const requiredColumns = () => new Set([mapping.customer_id, mapping.order_date, mapping.amount, mapping.quantity, mapping.unit_price]);
  for (const role of REQUIRED_ROLES) {
    if (mapping[role] !== undefined || (role === 'amount' && mapping.quantity !== undefined && mapping.unit_price !== undefined)) continue;
    const taken = requiredColumns();
    const best = nameOnly.find((c) => c.role === role && !taken.has(c.col));
    if (!best) continue;
    for (const other of roles) if (mapping[other] === best.col) delete mapping[other];
    mapping[role] = best.col;
  }
  return mapping;
}

/**
 * IMPORT_MISSING_ROLE when the customer, the date or a way to get the amount (the amount itself, or
 * quantity and unit price) is not mapped. params.roles: the missing roles, comma-separated
 * (`customer_id,amount`); params.role: the first of them.
 */
export function checkMapping(mapping: Mapping, fileName: string): ImportIssue | null {
  const missing: Role[] = [];
  if (mapping.customer_id === undefined) missing.push('customer_id');
  if (mapping.order_date === undefined) missing.push('order_date');
  if (mapping.amount === undefined && (mapping.quantity === undefined || mapping.unit_price === undefined)) {
    missing.push('amount');
  }
  if (missing.length === 0) return null;
  return { code: 'IMPORT_MISSING_ROLE', file: fileName, params: { roles: missing.join(','), role: missing[0]! } };
}

function nameScore(header: readonly string[], { primary, secondary = [] }: Synonyms): number {
  let best = 0;
  for (const synonym of primary) best = Math.max(best, matchScore(header, synonym));
  for (const synonym of secondary) best = Math.max(best, 0.8 * matchScore(header, synonym));
  return best;
}

function matchScore(header: readonly string[], synonym: string): number {
  if (header.length === 0) return 0;
  const syn = synonym.split(' ');
  if (header.join('') === syn.join('')) return 100;
  if (syn.length >= header.length) return 0;
  for (let start = 0; start + syn.length <= header.length; start++) {
    if (syn.every((w, k) => header[start + k] === w)) return 50 + (30 * syn.length) / header.length;
  }
  return 0;
}

function adjustForShape(role: Role, score: number, shape: ColumnShape): number {
  if (score === 0 || shape.filled === 0) return score;
  if (role === 'order_date') {
    const share = Math.max(shape.dateShare, shape.serialShare);
    return share < 0.2 ? score * 0.2 : share >= 0.8 ? score + 5 : score;
  }
  if (NUMERIC_ROLES.has(role)) return shape.numberShare < 0.2 ? score * 0.2 : score;
  if (role === 'customer_id') return shape.dateShare >= 0.8 ? score * 0.2 : score;
  if (role === 'order_id') return score + 5 * shape.distinctShare;
  return score;
}

function columnShape(values: readonly string[]): ColumnShape {
  const present = values.map((v) => v.trim()).filter((v) => v !== '');
  const filled = present.length;
  if (filled === 0) return { filled, dateShare: 0, serialShare: 0, numberShare: 0, fractionShare: 0, distinctShare: 0 };
  let dates = 0;
  let serials = 0;
  let numbers = 0;
  let fractions = 0;
  for (const v of present) {
    if (parseDate(v, 'dmy') !== null || parseDate(v, 'mdy') !== null || parseDate(v, 'ymd') !== null) dates++;
    const n = parseNumber(v, '.', ',') ?? parseNumber(v, ',', '.');
    if (n === null) continue;
    numbers++;
    if (/[.,]\d{1,2}$/.test(v)) fractions++;
    if (/^\d+(?:[.,]\d+)?$/.test(v) && n >= PLAUSIBLE_SERIALS.min && n <= PLAUSIBLE_SERIALS.max) serials++;
  }
  return {
    filled,
    dateShare: dates / filled,
    serialShare: serials / filled,
    numberShare: numbers / filled,
    fractionShare: fractions / filled,
    distinctShare: new Set(present).size / filled,
  };
}
