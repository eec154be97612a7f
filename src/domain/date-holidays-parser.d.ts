// The package ships its types as an ambient module, but its `exports` map names no `types`, so
// NodeNext resolution does not find them by itself; an `import` cannot name a non-module file.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="../../node_modules/date-holidays-parser/types/index.d.ts" />
