// A string of its own: V8 may keep a cut of 13 characters or more as a view into the text it was cut from, and one
// such cut kept (a name, a code, an id) holds the whole text in memory (a file's megabyte piece, or all of it).

/** A copy of `v` that does not keep the text it was cut from alive (a shorter cut is a copy already). */
export function own(v: string): string {
  return v.length < 13 ? v : (' ' + v).slice(1);
}
