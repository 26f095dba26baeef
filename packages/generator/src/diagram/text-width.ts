/**
 * Widths of Verdana Bold characters in thousandths of an em, as Graphviz
 * estimates them (its built-in Verdana metrics). Regular text is a little
 * narrower, so these widths never make a label look too big for its node.
 */
const WIDTHS: Readonly<Record<string, number>> = {
    a: 668, b: 699, c: 588, d: 699, e: 664, f: 422, g: 699, h: 712, i: 342, j: 403, k: 671, l: 342, m: 1058,
    n: 712, o: 687, p: 699, q: 699, r: 497, s: 593, t: 456, u: 712, v: 650, w: 980, x: 669, y: 651, z: 597,
    A: 776, B: 762, C: 724, D: 830, E: 683, F: 650, G: 811, H: 837, I: 546, J: 555, K: 771, L: 637, M: 948,
    N: 847, O: 850, P: 733, Q: 850, R: 782, S: 710, T: 682, U: 812, V: 764, W: 1128, X: 764, Y: 737, Z: 692,
    '0': 711, '1': 711, '2': 711, '3': 711, '4': 711, '5': 711, '6': 711, '7': 711, '8': 711, '9': 711,
    _: 711, '-': 480, '.': 361, ' ': 342, ':': 402, '×': 684
};

/** Anything else (other scripts, symbols): as wide as the widest Latin letters. */
const OTHER = 1000;

/** The width of `text` in points at `pointSize`, in Verdana Bold. */
export function textWidth(text: string, pointSize: number): number {
    let thousandths = 0;
    for (const c of text) thousandths += WIDTHS[c] ?? OTHER;
    return (thousandths / 1000) * pointSize;
}
