//! Errors of the store. Each names the database file and says what to do next.

use std::path::PathBuf;

/// Result alias for store operations.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Everything that can go wrong opening, migrating, reading, writing, exporting or importing.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Neither `$XDG_DATA_HOME` nor `$HOME` is set, so there is no default location.
    #[error(
        "cannot find a place for the database: neither XDG_DATA_HOME nor HOME is set; \
         pass --db PATH to choose one"
    )]
    NoDataDir,

    /// The directory that should hold the database could not be created.
    #[error(
        "cannot create the directory {dir} for the database: {source}; \
         check its permissions or pass --db with a writable path"
    )]
    CreateDir {
        /// The directory.
        dir: PathBuf,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },

    /// The path exists but is a directory.
    #[error("{path} is a directory, not a database file; pass --db with a file path")]
    IsDirectory {
        /// The path given.
        path: PathBuf,
    },

    /// The file exists but is not an SQLite database at all.
    #[error(
        "{path} is not a barraiser database (the file is not SQLite); \
         move it aside or pass --db with another path"
    )]
    NotSqlite {
        /// The file.
        path: PathBuf,
    },

    /// The file is SQLite but belongs to another application.
    #[error(
        "{path} is an SQLite database of another application (it has tables but no barraiser \
         schema); refusing to change it; pass --db with another path"
    )]
    ForeignDatabase {
        /// The file.
        path: PathBuf,
    },

    /// The database was written by a newer barraiser; it is never migrated down.
    #[error(
        "{path} was written by a newer barraiser (schema version {found}, this build knows up to \
         {supported}); upgrade barraiser to use it; the file was left untouched"
    )]
    TooNew {
        /// The file.
        path: PathBuf,
        /// Version found in the file.
        found: i64,
        /// Latest version this build knows.
        supported: i64,
    },

    /// A migration failed; its transaction was rolled back, the file stays at the previous version.
    #[error(
        "{path}: migration to schema version {version} failed and was rolled back: {source}; \
         the database is unchanged at version {version_before}; report this as a bug"
    )]
    Migration {
        /// The file.
        path: PathBuf,
        /// Version that failed.
        version: i64,
        /// Version the file is still at.
        version_before: i64,
        /// The SQLite error.
        #[source]
        source: rusqlite::Error,
    },

    /// Another process holds the write lock longer than the busy timeout.
    #[error(
        "{path} is busy: another barraiser process is writing to it; \
         wait for it to finish and try again"
    )]
    Busy {
        /// The file.
        path: PathBuf,
    },

    /// SQLite reports the file as damaged.
    #[error(
        "{path} is damaged ({source}); restore it from a `barraiser prep export` backup, \
         or move it aside to start afresh"
    )]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// The SQLite error.
        #[source]
        source: rusqlite::Error,
    },

    /// Any other SQLite failure.
    #[error("{path}: {source}")]
    Sqlite {
        /// The file.
        path: PathBuf,
        /// The SQLite error.
        #[source]
        source: rusqlite::Error,
    },

    /// A value handed to the store breaks a rule (bad date, score above 100, ...).
    #[error("{path}: invalid {field}: {message}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// The field at fault.
        field: &'static str,
        /// What is wrong and what is expected.
        message: String,
    },

    /// An update or lookup named a row that does not exist.
    #[error("{path}: there is no {what} with id {id}; list them to see the ids that exist")]
    NotFound {
        /// The file.
        path: PathBuf,
        /// The kind of row ("attempt", "story", ...).
        what: &'static str,
        /// The id asked for.
        id: String,
    },

    /// A JSON column holds text that does not parse (only possible if the file was edited by hand).
    #[error(
        "{path}: {table} row {id} has a {column} that is not valid JSON ({source}); \
         fix or delete that row, or restore from an export"
    )]
    BadJson {
        /// The file.
        path: PathBuf,
        /// Table.
        table: &'static str,
        /// Column.
        column: &'static str,
        /// Row key.
        id: String,
        /// The parse error.
        #[source]
        source: serde_json::Error,
    },

    /// `import` into a database that already holds data, without the replace flag.
    #[error(
        "{path} already holds data ({what}); importing would mix two histories; \
         use the replace option to overwrite it, or import into a new --db path"
    )]
    NotEmpty {
        /// The file.
        path: PathBuf,
        /// What was found (e.g. "12 attempts").
        what: String,
    },

    /// The document given to `import` is not a barraiser export.
    #[error("{path}: the import document is not a valid barraiser export: {message}")]
    ImportFormat {
        /// The database file being imported into.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },

    /// The export was produced by a newer barraiser.
    #[error(
        "{path}: the export has schema version {found} but this build knows up to {supported}; \
         upgrade barraiser to import it"
    )]
    ImportTooNew {
        /// The database file being imported into.
        path: PathBuf,
        /// Version in the document.
        found: i64,
        /// Latest version this build knows.
        supported: i64,
    },
}

impl StoreError {
    /// Classify a raw SQLite error for `path`.
    pub(crate) fn sqlite(path: &std::path::Path, source: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode;
        let path = path.to_path_buf();
        match source.sqlite_error_code() {
            Some(ErrorCode::NotADatabase) => StoreError::NotSqlite { path },
            Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => {
                StoreError::Busy { path }
            }
            Some(ErrorCode::DatabaseCorrupt) => StoreError::Corrupt { path, source },
            _ => StoreError::Sqlite { path, source },
        }
    }
}
