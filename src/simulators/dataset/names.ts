/**
 * Name pools for the people of the dataset. Non-ASCII names are deliberate: the server must carry
 * them through JSON, sorting and logs unchanged. Names are drawn per culture so that a given name
 * and a family name fit together.
 */

interface NamePool {
  first: readonly string[];
  last: readonly string[];
}

const POOLS: readonly NamePool[] = [
  {
    first: ['Siti', 'Budi', 'Dewi', 'Agus', 'Putri', 'Rizky', 'Ayu', 'Fajar', 'Intan', 'Bayu', 'Rina', 'Yusuf', 'Wulan', 'Andi', 'Nur'],
    last: ['Nurhaliza', 'Santoso', 'Wijaya', 'Pratama', 'Lestari', 'Hidayat', 'Saputra', 'Kurniawan', 'Setiawan', 'Permata', 'Siregar', 'Nasution'],
  },
  {
    first: ['Zoë', 'Jürgen', 'Anaïs', 'Björn', 'Søren', 'Chloé', 'Renée', 'Lukas', 'Émile', 'Greta'],
    last: ['Müller', 'Schröder', 'Lefèvre', 'Østergaard', 'Brontë', 'Weiß', 'Dubois', 'Łukasiewicz', 'Novák', 'Jäger'],
  },
  {
    first: ['Đặng', 'Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng'],
    last: ['Thu Hà', 'Văn An', 'Minh Đức', 'Thị Lan', 'Quốc Bảo', 'Ngọc Ánh'],
  },
  {
    first: ['José', 'María', 'Íñigo', 'Lucía', 'Raúl', 'Sofía', 'Andrés'],
    last: ['Ñúñez', 'García', 'Peña', 'Muñoz', 'Hernández', 'Ortiz', 'Álvarez'],
  },
  {
    first: ['Ayşe', 'Mehmet', 'Gülşen', 'Çağrı', 'Emre', 'Öykü'],
    last: ['Yılmaz', 'Öztürk', 'Şahin', 'Kılıç', 'Demir', 'Aydın'],
  },
  {
    first: ['John', 'Jane', 'Michael', 'Emily', 'David', 'Sarah', 'Daniel', 'Laura', 'Kevin', 'Grace'],
    last: ['Doe', 'Smith', 'Johnson', 'Brown', 'Taylor', 'Walker', 'Clark', 'Lewis', 'Young', 'Hill'],
  },
];

/** Pools weighted so most people are Indonesian or English-named, with a steady share of others. */
const POOL_WEIGHTS: readonly number[] = [45, 10, 8, 8, 7, 22];

/** The first people get the named examples, so every dataset, however small, has them. */
export const FIXED_NAMES: readonly (readonly [string, string])[] = [
  ['Siti', 'Nurhaliza'],
  ['Zoë', 'Müller'],
  ['Đặng', 'Thu Hà'],
  ['José', 'Ñúñez'],
  ['Ayşe', 'Yılmaz'],
  ['John', 'Doe'],
];

export function poolsWithWeights(): readonly (readonly [NamePool, number])[] {
  return POOLS.map((pool, i) => [pool, POOL_WEIGHTS[i] ?? 1] as const);
}

const SPECIAL_LETTERS: Record<string, string> = { đ: 'd', Đ: 'D', ı: 'i', ø: 'o', Ø: 'O', ß: 'ss', ł: 'l', Ł: 'L', ë: 'e' };

/** An ASCII, lowercase, dot-free token for e-mail addresses and usernames. */
export function asciiToken(name: string): string {
  return name
    .replace(/[đĐıøØßłŁ]/g, (c) => SPECIAL_LETTERS[c] ?? c)
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}
