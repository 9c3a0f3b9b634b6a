// The Set methods of ES2025 (Node.js 22), which gitlab-ci-local 4.75 calls at start-up; loaded with
// NODE_OPTIONS=--require so that it also runs on Node.js 20 (Debian 12's). No-op where they exist.
const P = Set.prototype;
if (!P.union) {
  P.union = function (o) { const r = new Set(this); for (const x of o.keys()) r.add(x); return r; };
  P.intersection = function (o) { const r = new Set(); for (const x of this) if (o.has(x)) r.add(x); return r; };
  P.difference = function (o) { const r = new Set(); for (const x of this) if (!o.has(x)) r.add(x); return r; };
  P.symmetricDifference = function (o) {
    const r = new Set(this);
    for (const x of o.keys()) { if (this.has(x)) r.delete(x); else r.add(x); }
    return r;
  };
  P.isSubsetOf = function (o) { for (const x of this) if (!o.has(x)) return false; return true; };
  P.isSupersetOf = function (o) { for (const x of o.keys()) if (!this.has(x)) return false; return true; };
  P.isDisjointFrom = function (o) { for (const x of this) if (o.has(x)) return false; return true; };
}
