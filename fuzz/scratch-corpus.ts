import { corpus } from './corpus.js';
const c = corpus();
console.log(c.length, 'entries;', c.filter(e => e.files.length > 1).map(e => `${e.id} (${e.files.map(f => f.name).join(', ')})`).join('; '));
