import { formatText } from '@archgen/language';
import { freshServices } from './oracle.js';
const services = freshServices();
const text = JSON.parse(process.argv[2]!) as string;
const once = await formatText(services, { uri: 'file:///f/m.arch', text });
const twice = await formatText(services, { uri: 'file:///f/m.arch', text: once });
console.log('input:\n' + text + '\n--- once:\n' + once + '--- twice:\n' + twice + '---', once === twice ? 'idempotent' : 'NOT idempotent');
