/** The quotes stage. (Placeholder until the stage lands: it leaves doc.quotes empty.) */
import type { Doc } from '../doc.js';

export function quotes(_doc: Doc): void {}
