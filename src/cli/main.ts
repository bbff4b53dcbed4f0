export async function main(argv: string[]): Promise<number> {
  process.stdout.write(JSON.stringify({ argv }) + '\n');
  return 0;
}
