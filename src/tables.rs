//! The test tables in `fixtures/tables/*.tsv` (STYLE.md): a header row, `#`
//! comment lines, tab-separated cells with the `case` id first. Test-only.

/// One table, read whole.
pub struct Table {
    name: &'static str,
    text: String,
}

impl Table {
    /// Reads `fixtures/tables/<name>`; panics (in a test) when it is missing.
    pub fn load(name: &'static str) -> Table {
        let path = format!("{}/fixtures/tables/{name}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("fixtures/tables/{name} is committed: {e}"));
        Table { name, text }
    }

    /// The data rows with their 1-based line numbers, header and comments
    /// skipped; panics naming `table.tsv:LINE` when a row has not `columns` cells.
    pub fn rows(&self, columns: usize) -> Vec<(usize, Vec<&str>)> {
        self.text
            .lines()
            .enumerate()
            .skip(1)
            .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
            .map(|(i, l)| {
                let cells: Vec<&str> = l.split('\t').collect();
                assert_eq!(
                    cells.len(),
                    columns,
                    "{}:{} needs {columns} columns",
                    self.name,
                    i + 1
                );
                (i + 1, cells)
            })
            .collect()
    }
}
