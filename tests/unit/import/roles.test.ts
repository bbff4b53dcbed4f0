import { describe, expect, it } from 'vitest';
import { headerWords } from '../../../src/import/roles';
import { checkMapping, suggestMapping, type Mapping } from '../../../src/import/index';

/** Rows whose cells look like what the header says: dates, numbers, names. */
function sampleFor(headers: string[]): string[][] {
  return [0, 1, 2, 3].map((i) =>
    headers.map((h) => {
      const w = headerWords(h).join(' ');
      if (/\b(data|fecha|date|dt|emissao)\b/.test(w)) return `0${i + 1}/02/2024`;
      if (/\b(qtd|qtde|quantidade|cantidad|quantita|qty|quantity|itens)\b/.test(w)) return String(i + 1);
      if (/\b(custo|coste|costo|cost|cmv|cogs)\b/.test(w)) return `${5 + i},25`;
      if (/\b(valor|total|importe|importo|amount|revenue|preco|precio|prezzo|price|net)\b/.test(w)) return `${10 + i},50`;
      return `${h} ${i}`;
    }),
  );
}

function mapped(headers: string[]): Record<string, string> {
  const mapping = suggestMapping(headers, sampleFor(headers));
  return Object.fromEntries(Object.entries(mapping).map(([role, col]) => [role, headers[col!]!]));
}

describe('suggestMapping', () => {
  it('maps a Brazilian ERP export (pt)', () => {
    expect(
      mapped(['Nº Pedido', 'Cód. Cliente', 'Razão Social', 'Data da Venda', 'Produto', 'Categoria', 'Qtd', 'Preço Unitário', 'Valor Total', 'Vendedor', 'UF', 'Canal']),
    ).toEqual({
      order_id: 'Nº Pedido',
      customer_id: 'Cód. Cliente',
      customer_name: 'Razão Social',
      order_date: 'Data da Venda',
      product: 'Produto',
      category: 'Categoria',
      quantity: 'Qtd',
      unit_price: 'Preço Unitário',
      amount: 'Valor Total',
      salesperson: 'Vendedor',
      region: 'UF',
      channel: 'Canal',
    });
  });

  it('maps a cost column in each language, for margins', () => {
    expect(mapped(['Cliente', 'Data', 'Valor Total', 'Custo Total'])).toMatchObject({ amount: 'Valor Total', cost: 'Custo Total' });
    expect(mapped(['Cliente', 'Fecha', 'Importe', 'Coste'])).toMatchObject({ amount: 'Importe', cost: 'Coste' });
    expect(mapped(['Cliente', 'Data', 'Importo', 'Costo'])).toMatchObject({ amount: 'Importo', cost: 'Costo' });
    expect(mapped(['Customer', 'Date', 'Revenue', 'COGS'])).toMatchObject({ amount: 'Revenue', cost: 'COGS' });
  });

  it('maps a Spanish export (es)', () => {
    expect(mapped(['Factura', 'Cliente', 'Fecha', 'Producto', 'Cantidad', 'Precio Unitario', 'Importe', 'Provincia'])).toEqual({
      order_id: 'Factura',
      customer_id: 'Cliente',
      order_date: 'Fecha',
      product: 'Producto',
      quantity: 'Cantidad',
      unit_price: 'Precio Unitario',
      amount: 'Importe',
      region: 'Provincia',
    });
  });

  it('maps an Italian export (it)', () => {
    expect(mapped(['Fattura', 'Codice Cliente', 'Ragione Sociale', 'Data Vendita', 'Prodotto', 'Quantità', 'Prezzo Unitario', 'Importo', 'Regione', 'Venditore'])).toEqual({
      order_id: 'Fattura',
      customer_id: 'Codice Cliente',
      customer_name: 'Ragione Sociale',
      order_date: 'Data Vendita',
      product: 'Prodotto',
      quantity: 'Quantità',
      unit_price: 'Prezzo Unitario',
      amount: 'Importo',
      region: 'Regione',
      salesperson: 'Venditore',
    });
  });

  it('maps an English export, camelCase and snake_case alike (en)', () => {
    expect(mapped(['OrderID', 'customerId', 'order_date', 'SKU', 'Category', 'Qty', 'UnitPrice', 'Revenue', 'Channel', 'Sales Rep'])).toEqual({
      order_id: 'OrderID',
      customer_id: 'customerId',
      order_date: 'order_date',
      product: 'SKU',
      category: 'Category',
      quantity: 'Qty',
      unit_price: 'UnitPrice',
      amount: 'Revenue',
      channel: 'Channel',
      salesperson: 'Sales Rep',
    });
  });

  it('maps the CEAPS columns: senator as customer, reimbursement as amount, expense type as category', () => {
    const headers = ['ANO', 'MES', 'SENADOR', 'TIPO_DESPESA', 'CNPJ_CPF', 'FORNECEDOR', 'DOCUMENTO', 'DATA', 'DETALHAMENTO', 'VALOR_REEMBOLSADO', 'COD_DOCUMENTO'];
    const rows = [
      ['2022', '1', 'ACIR GURGACZ', 'Aluguel de imóveis', '004.948.028-63', 'GILBERTO', '001/22', '03/01/2022', '', '6000', '2173614'],
      ['2022', '1', 'ACIR GURGACZ', 'Divulgação', '26.320.603/0001-64', 'INFORMANAHORA', '', '04/01/2022', 'site', '122,62', '2173615'],
    ];
    const mapping = suggestMapping(headers, rows);
    expect(mapping).toMatchObject({ customer_id: 2, order_date: 7, amount: 9, category: 3 });
    expect([6, 10]).toContain(mapping.order_id);
  });

  it('maps the CDNOW columns', () => {
    expect(mapped(['customer_id', 'order_date', 'quantity', 'amount'])).toEqual({
      customer_id: 'customer_id',
      order_date: 'order_date',
      quantity: 'quantity',
      amount: 'amount',
    });
  });

  it('ignores accents and case', () => {
    expect(headerWords('  Preço_UNITÁRIO ')).toEqual(['preco', 'unitario']);
    expect(headerWords('Data da Emissão')).toEqual(['data', 'emissao']);
    expect(mapped(['CLIENTE', 'EMISSÃO', 'VALOR'])).toEqual({ customer_id: 'CLIENTE', order_date: 'EMISSÃO', amount: 'VALOR' });
  });

  it('prefers the column whose values are dates when two headers could be the date', () => {
    const headers = ['cliente', 'data', 'dt', 'valor'];
    const rows = [
      ['A', 'texto', '05/03/2024', '10'],
      ['B', 'outro', '06/03/2024', '11'],
    ];
    expect(suggestMapping(headers, rows)).toMatchObject({ order_date: 2 });
  });

  it('finds an unnamed date column by its values', () => {
    const headers = ['cliente', 'quando', 'valor'];
    const rows = [
      ['A', '2024-03-05', '10'],
      ['B', '2024-03-06', '11'],
    ];
    expect(suggestMapping(headers, rows)).toEqual({ customer_id: 0, order_date: 1, amount: 2 });
  });

  it('reads a lone price column as the amount when there is no quantity', () => {
    expect(mapped(['customer', 'date', 'price'])).toEqual({ customer_id: 'customer', order_date: 'date', amount: 'price' });
  });

  it('keeps quantity and unit price when there is no amount column', () => {
    expect(mapped(['cliente', 'data', 'quantidade', 'preço unitário'])).toEqual({
      customer_id: 'cliente',
      order_date: 'data',
      quantity: 'quantidade',
      unit_price: 'preço unitário',
    });
  });

  it('uses the customer name as the customer id when there is no id column', () => {
    const mapping = mapped(['customer name', 'date', 'total']);
    expect(mapping).toMatchObject({ customer_id: 'customer name', customer_name: 'customer name' });
  });

  it('takes an email column as the customer when nothing better is there', () => {
    expect(mapped(['email', 'date', 'amount'])).toEqual({ customer_id: 'email', order_date: 'date', amount: 'amount' });
  });

  it('maps nothing it cannot justify', () => {
    expect(suggestMapping(['foo', 'bar'], [['x', 'y']])).toEqual({});
  });
});

describe('checkMapping', () => {
  const cases: Array<[Mapping, string | null]> = [
    [{ customer_id: 0, order_date: 1, amount: 2 }, null],
    [{ customer_id: 0, order_date: 1, quantity: 2, unit_price: 3 }, null],
    [{ customer_id: 0, order_date: 1, quantity: 2 }, 'amount'],
    [{ order_date: 1, amount: 2 }, 'customer_id'],
    [{}, 'customer_id,order_date,amount'],
  ];
  it.each(cases)('checks %j', (mapping, missing) => {
    const issue = checkMapping(mapping, 'vendas.csv');
    if (missing === null) expect(issue).toBeNull();
    else expect(issue).toEqual({ code: 'IMPORT_MISSING_ROLE', file: 'vendas.csv', params: { roles: missing, role: missing.split(',')[0] } });
  });
});
