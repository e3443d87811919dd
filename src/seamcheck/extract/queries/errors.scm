; Syntax errors, in any grammar: looked for only in a tree that holds one (`file_captures`).
(ERROR) @error
(MISSING) @missing
