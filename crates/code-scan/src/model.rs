//! Framework models: sources, sinks, sanitizers and propagators as data.
//!
//! Each file in `content/code-scan/models/<family>/` describes one
//! framework or library (Flask, Spring MVC, Express, JDBC, ...). The taint
//! engine reads only these tables, so adding a framework is a data change
//! and every rule benefits: the `sqli` rule knows nothing about psycopg, it
//! asks the models which calls are SQL sinks.
//!
//! ## Name patterns
//! Calls and accesses are matched by a dotted path built from the code:
//! Python and JavaScript resolve the first segment through imports
//! (`sp.run` with `import subprocess as sp` is `subprocess.run`;
//! `exec` from `require('child_process')` is `child_process.exec`); Java
//! uses the receiver's static type where the file declares it
//! (`stmt.executeQuery` with `Statement stmt` is `Statement.executeQuery`)
//! and `?` where it does not. A pattern is either exact (`os.system`) or
//! starts with `*.` to match any receiver (`*.executeQuery`).

use crate::lang::Family;
use include_dir::{include_dir, Dir};
use regex::Regex;
use serde::Deserialize;
use std::collections::HashMap;

static MODELS: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/../../content/code-scan/models");

/// A dotted-name pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pat {
    Exact(String),
    /// `*.rest`: any receiver; stores `rest`.
    Any(String),
}

impl Pat {
    pub fn parse(s: &str) -> Pat {
        match s.strip_prefix("*.") {
            Some(rest) => Pat::Any(rest.to_string()),
            None => Pat::Exact(s.to_string()),
        }
    }

    /// Match a call path: the whole path for exact patterns, the trailing
    /// segments (after some receiver) for `*.` patterns.
    pub fn matches_call(&self, path: &str) -> bool {
        match self {
            Pat::Exact(p) => path == p,
            Pat::Any(rest) => {
                path.len() > rest.len()
                    && path.ends_with(rest.as_str())
                    && path.as_bytes()[path.len() - rest.len() - 1] == b'.'
            }
        }
    }

    /// Match an access path as a prefix: `flask.request.args` matches
    /// `flask.request.args.get`; `*.request.GET` matches
    /// `self.request.GET.get` and `request.GET`.
    pub fn matches_prefix(&self, path: &str) -> bool {
        fn prefix(path: &str, p: &str) -> bool {
            path == p || (path.starts_with(p) && path.as_bytes().get(p.len()) == Some(&b'.'))
        }
        match self {
            Pat::Exact(p) => prefix(path, p),
            Pat::Any(rest) => {
                if prefix(path, rest) {
                    return true;
                }
                let mut i = 0;
                while let Some(off) = path[i..].find('.') {
                    let start = i + off + 1;
                    if prefix(&path[start..], rest) {
                        return true;
                    }
                    i = start;
                }
                false
            }
        }
    }
}

impl<'de> Deserialize<'de> for Pat {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Pat::parse(&String::deserialize(d)?))
    }
}

fn one_or_many<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Pat>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(Pat),
        Many(Vec<Pat>),
    }
    Ok(match OneOrMany::deserialize(d)? {
        OneOrMany::One(p) => vec![p],
        OneOrMany::Many(v) => v,
    })
}

/// A value the attacker controls, reached by an access path.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    #[serde(deserialize_with = "one_or_many")]
    pub path: Vec<Pat>,
    /// What it is, for the taint path ("query string", "request body").
    pub label: String,
}

/// Function parameters the framework fills from the request.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct ParamSource {
    /// Parameters carrying one of these annotations (`RequestParam`).
    pub annotation: Vec<String>,
    /// Every parameter of a function with one of these decorators
    /// (`*.route`, `*.get`), except those whose default is a call to one
    /// of `except_default` (`Depends`).
    #[serde(deserialize_with = "one_or_many")]
    pub decorator: Vec<Pat>,
    /// Every parameter after a first parameter with this name (Django
    /// views: `def view(request, pk)`).
    pub after_param: Option<String>,
    /// Parameters of these types (`HttpServletRequest` is not a value but
    /// a handle: leave it to path sources; use this for `MultipartFile`).
    pub param_type: Vec<String>,
    /// Un-annotated simple-typed parameters of methods carrying one of
    /// these annotations (Spring binds them from the query string).
    pub implicit_in: Vec<String>,
    pub except_default: Vec<String>,
    pub except_type: Vec<String>,
    pub label: String,
}

/// A call whose arguments must not carry attacker data.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sink {
    /// The rule the sink belongs to (`sqli`, `xss`, ...).
    pub rule: String,
    /// Call patterns; for constructors `new File`.
    #[serde(default, deserialize_with = "one_or_many")]
    pub call: Vec<Pat>,
    /// Assignment targets (`*.innerHTML`, `flask.session`).
    #[serde(default, deserialize_with = "one_or_many")]
    pub target: Vec<Pat>,
    /// Positional argument indices checked; empty means all.
    #[serde(default)]
    pub args: Vec<usize>,
    /// The last positional argument is checked too: the body of
    /// `new Function('a', 'b', body)` comes after any number of parameter
    /// names.
    #[serde(default)]
    pub last_arg: bool,
    /// Keyword arguments (Python) or object-literal keys (JavaScript
    /// options objects) checked.
    #[serde(default)]
    pub keys: Vec<String>,
    /// The receiver's taint counts (`url.openConnection()`).
    #[serde(default)]
    pub receiver: bool,
    /// Only when this option is literally true (`shell=True`,
    /// `{ shell: true }`).
    #[serde(default)]
    pub when_true: Option<String>,
    /// When a checked argument is a list literal, only its first element
    /// (the program) counts: `subprocess.run([prog, arg])`.
    #[serde(default)]
    pub program_only: bool,
    /// Not a sink when this keyword/option names a safe value
    /// (`Loader=SafeLoader`).
    #[serde(default)]
    pub safe_key: Option<String>,
    #[serde(default)]
    pub safe_values: Vec<String>,
    /// Exclude call paths (generic `*.search` is not `re.search`).
    #[serde(default, deserialize_with = "one_or_many")]
    pub exclude: Vec<Pat>,
    /// The first argument must be SQL that reads or changes rows by a
    /// condition (`SELECT/UPDATE/DELETE ... WHERE`): used by the IDOR
    /// rule for raw queries.
    #[serde(default)]
    pub sql_where: bool,
    /// Short name of the sink for the path ("SQL query").
    pub label: String,
}

/// A call whose result is safe for some rules.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sanitizer {
    #[serde(deserialize_with = "one_or_many")]
    pub call: Vec<Pat>,
    /// Rules the result is safe for; `["*"]` for every injection rule
    /// (numbers, booleans), `["all"]` also for IDOR (lengths, booleans).
    pub rules: Vec<String>,
    /// The call cleans its receiver variable in place instead of
    /// returning a clean value (`ois.setObjectInputFilter(f)`).
    #[serde(default)]
    pub receiver: bool,
}

/// A call that moves taint from its arguments into its receiver
/// (`list.append(x)`, `sb.append(x)`, `map.put(k, x)`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Propagator {
    #[serde(deserialize_with = "one_or_many")]
    pub call: Vec<Pat>,
    /// `receiver` or `arg0` (`Object.assign(target, src)`).
    pub to: String,
}

/// The type a Java call returns, so chained calls keep a known receiver.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Returns {
    #[serde(deserialize_with = "one_or_many")]
    pub call: Vec<Pat>,
    #[serde(rename = "type")]
    pub ty: String,
}

/// Expressions that denote the signed-in user (ownership checks).
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct SessionUser {
    #[serde(deserialize_with = "one_or_many")]
    pub path: Vec<Pat>,
    pub annotation: Vec<String>,
    pub param_type: Vec<String>,
    /// Parameters whose default is a call to one of these
    /// (`Depends(get_current_user)` matches `get_current_user`).
    pub default_call: Vec<String>,
    pub param_name: Vec<String>,
}

/// How routes are declared and authenticated in a framework.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct Routes {
    /// Decorators or annotations that declare a route; the method is
    /// taken from the name (`post`, `PostMapping`) or a `methods=` /
    /// `method=` argument.
    #[serde(deserialize_with = "one_or_many")]
    pub decorator: Vec<Pat>,
    /// Calls that register a route (`app.post('/x', handler)`).
    #[serde(deserialize_with = "one_or_many")]
    pub register: Vec<Pat>,
    /// Decorators, annotations or middleware names that authenticate.
    pub auth: Vec<String>,
    /// Decorators that mark a view state-changing (`require_POST`).
    pub state_changing: Vec<String>,
    /// Functions whose first parameter has this name are views.
    pub view_first_param: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ModelFile {
    framework: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    source: Vec<Source>,
    #[serde(default)]
    param_source: Vec<ParamSource>,
    #[serde(default)]
    sink: Vec<Sink>,
    #[serde(default)]
    sanitizer: Vec<Sanitizer>,
    #[serde(default)]
    propagator: Vec<Propagator>,
    #[serde(default)]
    returns: Vec<Returns>,
    #[serde(default)]
    session_user: Vec<SessionUser>,
    #[serde(default)]
    routes: Vec<Routes>,
}

/// Everything known about one language family.
#[derive(Debug, Default)]
pub struct FamilyModel {
    pub frameworks: Vec<String>,
    pub sources: Vec<Source>,
    pub param_sources: Vec<ParamSource>,
    pub sinks: Vec<Sink>,
    pub sanitizers: Vec<Sanitizer>,
    pub propagators: Vec<Propagator>,
    pub returns: Vec<Returns>,
    pub session_user: SessionUser,
    pub routes: Routes,
    /// Source roots by first segment, to skip matching quickly.
    sql_where: Option<Regex>,
}

impl FamilyModel {
    pub fn sql_where(&self) -> &Regex {
        self.sql_where.as_ref().expect("set when loaded")
    }
}

/// All models, by family.
#[derive(Debug)]
pub struct Models {
    pub families: HashMap<Family, FamilyModel>,
}

/// A model file that does not parse.
#[derive(Debug, thiserror::Error)]
#[error("content/code-scan/models/{file}: {message}")]
pub struct ModelError {
    pub file: String,
    pub message: String,
}

impl Models {
    /// The embedded models. Panics only if the embedded content is broken,
    /// which `tests/content.rs` rules out.
    pub fn embedded() -> &'static Models {
        static M: std::sync::OnceLock<Models> = std::sync::OnceLock::new();
        M.get_or_init(|| Models::load().expect("embedded models are valid (tested)"))
    }

    pub fn load() -> Result<Models, ModelError> {
        let mut families: HashMap<Family, FamilyModel> = HashMap::new();
        // SQL that selects rows by an id-like column (for the IDOR rule).
        let sql_where =
            Regex::new(r"(?is)^\s*(select|update|delete)\b.*\bwhere\b.*\b\w*(id|uuid|pk)\s*=")
                .expect("valid");
        for dir in MODELS.dirs() {
            let fam_name = dir.path().to_string_lossy().to_string();
            let fam = Family::parse(&fam_name).ok_or_else(|| ModelError {
                file: fam_name.clone(),
                message: "directory is not a language family (java, python, javascript)".into(),
            })?;
            let fm = families.entry(fam).or_default();
            let mut files: Vec<_> = dir.files().collect();
            files.sort_by_key(|f| f.path().to_path_buf());
            for file in files {
                let name = file.path().to_string_lossy().to_string();
                if !name.ends_with(".toml") {
                    continue;
                }
                let text = file.contents_utf8().ok_or_else(|| ModelError {
                    file: name.clone(),
                    message: "not UTF-8".into(),
                })?;
                let m: ModelFile = toml::from_str(text).map_err(|e| ModelError {
                    file: name.clone(),
                    message: e.to_string(),
                })?;
                let _ = &m.description;
                fm.frameworks.push(m.framework);
                fm.sources.extend(m.source);
                fm.param_sources.extend(m.param_source);
                fm.sinks.extend(m.sink);
                fm.sanitizers.extend(m.sanitizer);
                fm.propagators.extend(m.propagator);
                fm.returns.extend(m.returns);
                for su in m.session_user {
                    fm.session_user.path.extend(su.path);
                    fm.session_user.annotation.extend(su.annotation);
                    fm.session_user.param_type.extend(su.param_type);
                    fm.session_user.default_call.extend(su.default_call);
                    fm.session_user.param_name.extend(su.param_name);
                }
                for r in m.routes {
                    fm.routes.decorator.extend(r.decorator);
                    fm.routes.register.extend(r.register);
                    fm.routes.auth.extend(r.auth);
                    fm.routes.state_changing.extend(r.state_changing);
                    if r.view_first_param.is_some() {
                        fm.routes.view_first_param = r.view_first_param;
                    }
                }
            }
            fm.sql_where = Some(sql_where.clone());
        }
        Ok(Models { families })
    }

    pub fn family(&self, fam: Family) -> &FamilyModel {
        static EMPTY: std::sync::OnceLock<FamilyModel> = std::sync::OnceLock::new();
        self.families.get(&fam).unwrap_or_else(|| {
            EMPTY.get_or_init(|| FamilyModel {
                sql_where: Some(Regex::new("^$").expect("valid")),
                ..Default::default()
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Pat;

    #[test]
    fn patterns() {
        assert!(Pat::parse("*.executeQuery").matches_call("Statement.executeQuery"));
        assert!(Pat::parse("*.executeQuery").matches_call("?.executeQuery"));
        assert!(!Pat::parse("*.executeQuery").matches_call("executeQuery"));
        assert!(!Pat::parse("*.query").matches_call("Statement.executeQuery"));
        assert!(Pat::parse("os.system").matches_call("os.system"));
        assert!(Pat::parse("flask.request.args").matches_prefix("flask.request.args.get"));
        assert!(!Pat::parse("flask.request.args").matches_prefix("flask.request.argsx"));
        assert!(Pat::parse("*.request.GET").matches_prefix("self.request.GET.get"));
        assert!(Pat::parse("*.request.GET").matches_prefix("request.GET"));
        assert!(!Pat::parse("*.request.GET").matches_prefix("xrequest.GET"));
    }
}
