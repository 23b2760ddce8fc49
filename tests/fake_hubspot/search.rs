//! CRM search (`POST /crm/objects/2026-03/{type}/search`, A6), with HubSpot's caps: `limit`
//! at most 200, at most 5 filterGroups, 10 filters in a group and 25 in all, and no result at
//! or past offset 10,000 of one query (`after + limit > 10000` is a 400, even with fewer
//! results: the cap is on the offset). Filter groups are ORed, a group's filters ANDed;
//! operators EQ NEQ LT LTE GT GTE BETWEEN IN NOT_IN HAS_PROPERTY NOT_HAS_PROPERTY CONTAINS_TOKEN
//! NOT_CONTAINS_TOKEN. Filter values are strings (a number in `value` is refused); datetime
//! properties compare as epoch ms (a value may be epoch ms, ISO 8601 or a date),
//! `hs_object_id` and `hs_call_duration` as numbers, the rest as exact strings. `sorts` takes
//! `[{"propertyName", "direction"}]` or the spec's `["name"]`, one rule only (HubSpot's search
//! guide: "only one sorting rule can be applied"); without one, id ascending; ties are broken
//! by id. `after` is the offset as a string (an integer is taken too); the answer is `{total,
//! results, paging.next.after}`, without `paging` on the last page.
//!
//! Search never shows archived records, nor (with `HubConfig::search_lag`) records modified
//! less than that long ago on the fake clock: the index lags writes. A filter or sort on a
//! property the type does not have, or a body field HubSpot does not define, is a 400.

use std::cmp::Ordering;

use serde_json::{Map, Value, json};

use super::crm::{self, Kind, PType, Record, Val};
use super::errors;
use super::http::{Req, Resp, json as json_resp};
use super::oauth::Caller;
use super::{Inner, parse_time_ms};

pub const MAX_LIMIT: usize = 200;
pub const MAX_GROUPS: usize = 5;
pub const MAX_FILTERS_PER_GROUP: usize = 10;
pub const MAX_FILTERS: usize = 25;
/// No result at or past this offset.
pub const MAX_RESULTS: usize = 10_000;
pub const MAX_QUERY_CHARS: usize = 3000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Eq,
    Neq,
    Lt,
    Lte,
    Gt,
    Gte,
    Between,
    In,
    NotIn,
    Has,
    NotHas,
    ContainsToken,
    NotContainsToken,
}

struct Filter {
    property: String,
    op: Op,
    value: Option<Val>,
    high: Option<Val>,
    values: Vec<Val>,
}

struct Query {
    groups: Vec<Vec<Filter>>,
    sort: Option<(String, bool)>,
    properties: Vec<String>,
    limit: usize,
    after: usize,
    query: Option<String>,
}

type Bad = Resp;

fn bad(message: &str) -> Bad {
    errors::validation(message)
}

fn check_fields(obj: &Map<String, Value>, allowed: &[&str], what: &str) -> Result<(), Bad> {
    match obj.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(k) => Err(bad(&format!(
            "Invalid input JSON: Unrecognized field \"{k}\" in {what} (known: {}).",
            allowed.join(", ")
        ))),
        None => Ok(()),
    }
}

/// A filter value of a property of type `ptype`.
fn typed(ptype: PType, v: &Value, property: &str) -> Result<Val, Bad> {
    let Some(s) = v.as_str() else {
        return Err(bad(&format!(
            "Invalid input JSON: filter values are strings; {property} got {v}."
        )));
    };
    let fail = |kind: &str| {
        bad(&format!(
            "Invalid value '{s}' for {property}: expected {kind}."
        ))
    };
    Ok(match ptype {
        PType::Str => Val::Str(s.to_string()),
        PType::Num => Val::Num(s.trim().parse().map_err(|_| fail("a number"))?),
        PType::Date => Val::Date(
            parse_time_ms(s).ok_or_else(|| fail("epoch milliseconds or an ISO 8601 date"))?,
        ),
        PType::Bool => match s.to_ascii_lowercase().as_str() {
            "true" => Val::Bool(true),
            "false" => Val::Bool(false),
            _ => return Err(fail("true or false")),
        },
    })
}

fn parse_filter(kind: Kind, v: &Value) -> Result<Filter, Bad> {
    let Some(obj) = v.as_object() else {
        return Err(bad("Invalid input JSON: a filter must be an object."));
    };
    check_fields(
        obj,
        &["propertyName", "operator", "value", "values", "highValue"],
        "a filter",
    )?;
    let Some(property) = obj.get("propertyName").and_then(Value::as_str) else {
        return Err(bad("A filter needs a propertyName."));
    };
    let Some(ptype) = crm::property_type(kind, property) else {
        return Err(bad(&format!(
            "There was a problem with the request: property '{property}' does not exist on {}.",
            kind.name()
        )));
    };
    let op = match obj.get("operator").and_then(Value::as_str).unwrap_or("") {
        "EQ" => Op::Eq,
        "NEQ" => Op::Neq,
        "LT" => Op::Lt,
        "LTE" => Op::Lte,
        "GT" => Op::Gt,
        "GTE" => Op::Gte,
        "BETWEEN" => Op::Between,
        "IN" => Op::In,
        "NOT_IN" => Op::NotIn,
        "HAS_PROPERTY" => Op::Has,
        "NOT_HAS_PROPERTY" => Op::NotHas,
        "CONTAINS_TOKEN" => Op::ContainsToken,
        "NOT_CONTAINS_TOKEN" => Op::NotContainsToken,
        other => {
            return Err(bad(&format!(
                "Invalid input JSON: operator '{other}' is not one of EQ, NEQ, LT, LTE, GT, \
                 GTE, BETWEEN, IN, NOT_IN, HAS_PROPERTY, NOT_HAS_PROPERTY, CONTAINS_TOKEN, \
                 NOT_CONTAINS_TOKEN."
            )));
        }
    };
    let need = |name: &str| {
        obj.get(name)
            .ok_or_else(|| bad(&format!("Operator {op:?} on {property} needs '{name}'.")))
    };
    let token_type = if matches!(op, Op::ContainsToken | Op::NotContainsToken) {
        PType::Str
    } else {
        ptype
    };
    let mut filter = Filter {
        property: property.to_string(),
        op,
        value: None,
        high: None,
        values: Vec::new(),
    };
    match op {
        Op::Has | Op::NotHas => {}
        Op::In | Op::NotIn => {
            let Some(values) = need("values")?.as_array().filter(|a| !a.is_empty()) else {
                return Err(bad(&format!(
                    "Operator {op:?} on {property} needs a non-empty 'values' array."
                )));
            };
            filter.values = values
                .iter()
                .map(|v| typed(ptype, v, property))
                .collect::<Result<_, _>>()?;
        }
        Op::Between => {
            filter.value = Some(typed(ptype, need("value")?, property)?);
            filter.high = Some(typed(ptype, need("highValue")?, property)?);
        }
        _ => filter.value = Some(typed(token_type, need("value")?, property)?),
    }
    Ok(filter)
}

fn parse(kind: Kind, body: &[u8]) -> Result<Query, Bad> {
    let v: Value = serde_json::from_slice(body).map_err(|e| {
        bad(&format!(
            "Invalid input JSON on line {}, column {}: {e}",
            e.line(),
            e.column()
        ))
    })?;
    let Some(obj) = v.as_object() else {
        return Err(bad("Invalid input JSON: the body must be an object."));
    };
    check_fields(
        obj,
        &[
            "filterGroups",
            "sorts",
            "properties",
            "limit",
            "after",
            "query",
        ],
        "the search request",
    )?;
    let limit = match obj.get("limit") {
        None | Some(Value::Null) => 10,
        Some(l) => match l.as_u64() {
            Some(n) if n as usize <= MAX_LIMIT => n as usize,
            _ => {
                return Err(bad(&format!(
                    "limit must be a whole number no greater than {MAX_LIMIT}; got {l}."
                )));
            }
        },
    };
    let after = match obj.get("after") {
        None | Some(Value::Null) => 0,
        Some(Value::String(s)) if s.is_empty() => 0,
        Some(Value::String(s)) => s
            .parse::<usize>()
            .map_err(|_| bad(&format!("after must be an offset, not '{s}'.")))?,
        Some(Value::Number(n)) => n
            .as_u64()
            .ok_or_else(|| bad(&format!("after must be an offset, not {n}.")))?
            as usize,
        Some(other) => return Err(bad(&format!("after must be an offset, not {other}."))),
    };
    if after + limit > MAX_RESULTS {
        return Err(bad(&format!(
            "There was a problem with the request: a search can page through at most \
             {MAX_RESULTS} results (after {after} + limit {limit} is past it). Narrow the \
             query instead, e.g. by hs_object_id."
        )));
    }
    let groups_json = match obj.get("filterGroups") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(a)) => a.clone(),
        Some(_) => return Err(bad("Invalid input JSON: filterGroups must be an array.")),
    };
    if groups_json.len() > MAX_GROUPS {
        return Err(bad(&format!(
            "Too many filter groups: {} (at most {MAX_GROUPS}).",
            groups_json.len()
        )));
    }
    let mut groups = Vec::new();
    let mut total = 0;
    for g in &groups_json {
        let Some(gobj) = g.as_object() else {
            return Err(bad("Invalid input JSON: a filter group must be an object."));
        };
        check_fields(gobj, &["filters"], "a filter group")?;
        let filters = gobj
            .get("filters")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        if filters.len() > MAX_FILTERS_PER_GROUP {
            return Err(bad(&format!(
                "Too many filters in a filter group: {} (at most {MAX_FILTERS_PER_GROUP}).",
                filters.len()
            )));
        }
        total += filters.len();
        groups.push(
            filters
                .iter()
                .map(|f| parse_filter(kind, f))
                .collect::<Result<Vec<_>, _>>()?,
        );
    }
    if total > MAX_FILTERS {
        return Err(bad(&format!(
            "Too many filters: {total} across all filter groups (at most {MAX_FILTERS})."
        )));
    }
    let sorts = match obj.get("sorts") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(a)) => a.clone(),
        Some(_) => return Err(bad("Invalid input JSON: sorts must be an array.")),
    };
    if sorts.len() > 1 {
        return Err(bad("Only one sorting rule can be applied to a search."));
    }
    let sort = match sorts.first() {
        None => None,
        Some(Value::String(name)) => Some((name.clone(), false)),
        Some(Value::Object(s)) => {
            check_fields(s, &["propertyName", "direction"], "a sort")?;
            let Some(name) = s.get("propertyName").and_then(Value::as_str) else {
                return Err(bad("A sort needs a propertyName."));
            };
            let desc = match s.get("direction").and_then(Value::as_str) {
                None | Some("ASCENDING") => false,
                Some("DESCENDING") => true,
                Some(d) => {
                    return Err(bad(&format!(
                        "Sort direction must be ASCENDING or DESCENDING, not '{d}'."
                    )));
                }
            };
            Some((name.to_string(), desc))
        }
        Some(other) => {
            return Err(bad(&format!(
                "Invalid input JSON: a sort cannot be {other}."
            )));
        }
    };
    if let Some((name, _)) = &sort
        && crm::property_type(kind, name).is_none()
    {
        return Err(bad(&format!(
            "Cannot sort on '{name}': no such property on {}.",
            kind.name()
        )));
    }
    let properties = match obj.get("properties") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(a)) => a
            .iter()
            .map(|p| {
                p.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| bad("Invalid input JSON: properties are strings."))
            })
            .collect::<Result<_, _>>()?,
        Some(_) => return Err(bad("Invalid input JSON: properties must be an array.")),
    };
    let query = match obj.get("query") {
        None | Some(Value::Null) => None,
        Some(Value::String(q)) if q.chars().count() > MAX_QUERY_CHARS => {
            return Err(bad(&format!(
                "query is longer than {MAX_QUERY_CHARS} characters."
            )));
        }
        Some(Value::String(q)) => Some(q.to_lowercase()),
        Some(_) => return Err(bad("Invalid input JSON: query must be a string.")),
    };
    Ok(Query {
        groups,
        sort,
        properties,
        limit,
        after,
        query,
    })
}

fn tokens(s: &str) -> impl Iterator<Item = String> + '_ {
    s.split(|c: char| !c.is_alphanumeric() && c != '@' && c != '.' && c != '_')
        .filter(|t| !t.is_empty())
        .map(str::to_lowercase)
}

fn contains_token(have: &Val, want: &Val) -> bool {
    let want = want.render().to_lowercase();
    let (prefix, suffix) = (want.ends_with('*'), want.starts_with('*'));
    let core = want.trim_matches('*');
    tokens(&have.render()).any(|t| match (suffix, prefix) {
        (true, true) => t.contains(core),
        (false, true) => t.starts_with(core),
        (true, false) => t.ends_with(core),
        (false, false) => t == core,
    })
}

impl Filter {
    fn matches(&self, value: Option<&Val>) -> bool {
        let value = value.filter(|v| !matches!(v, Val::Str(s) if s.is_empty()));
        let cmp = |want: &Option<Val>| -> Option<Ordering> { Some(value?.cmp(want.as_ref()?)) };
        match self.op {
            Op::Eq => cmp(&self.value) == Some(Ordering::Equal),
            Op::Neq => cmp(&self.value) != Some(Ordering::Equal),
            Op::Lt => cmp(&self.value) == Some(Ordering::Less),
            Op::Lte => matches!(cmp(&self.value), Some(Ordering::Less | Ordering::Equal)),
            Op::Gt => cmp(&self.value) == Some(Ordering::Greater),
            Op::Gte => matches!(cmp(&self.value), Some(Ordering::Greater | Ordering::Equal)),
            Op::Between => {
                matches!(cmp(&self.value), Some(Ordering::Greater | Ordering::Equal))
                    && matches!(cmp(&self.high), Some(Ordering::Less | Ordering::Equal))
            }
            Op::In => value.is_some_and(|v| self.values.iter().any(|w| v.cmp(w).is_eq())),
            Op::NotIn => !value.is_some_and(|v| self.values.iter().any(|w| v.cmp(w).is_eq())),
            Op::Has => value.is_some(),
            Op::NotHas => value.is_none(),
            Op::ContainsToken => value
                .zip(self.value.as_ref())
                .is_some_and(|(v, w)| contains_token(v, w)),
            Op::NotContainsToken => !value
                .zip(self.value.as_ref())
                .is_some_and(|(v, w)| contains_token(v, w)),
        }
    }
}

/// `POST /crm/objects/2026-03/{type}/search`.
pub fn search(inner: &mut Inner, req: &Req, kind: Kind, caller: &Caller) -> Resp {
    let blank = match crm::access(inner, caller, kind) {
        Ok(b) => b,
        Err(resp) => return resp,
    };
    let form_json = req
        .header("content-type")
        .is_some_and(|t| t.starts_with("application/json"));
    if !form_json {
        return errors::error(
            415,
            "VALIDATION_ERROR",
            "Search takes a JSON body (Content-Type: application/json).",
        );
    }
    let q = match parse(kind, &req.body) {
        Ok(q) => q,
        Err(resp) => return resp,
    };
    let now = inner.now_ms();
    let lag = inner.config.search_lag.as_millis() as i64;
    let users = &inner.fixture.users;
    let value = |r: &Record, name: &str| r.property(name, users).flatten();
    let mut hits: Vec<&Record> = inner
        .store
        .kind(kind)
        .filter(|r| r.archived_ms.is_none() && (lag == 0 || now - r.modified_ms >= lag))
        .filter(|r| {
            q.groups.is_empty()
                || q.groups
                    .iter()
                    .any(|g| g.iter().all(|f| f.matches(value(r, &f.property).as_ref())))
        })
        .filter(|r| {
            q.query.as_ref().is_none_or(|query| {
                let text: String = r
                    .properties(users)
                    .into_values()
                    .flatten()
                    .filter_map(|v| match v {
                        Val::Str(s) => Some(s.to_lowercase()),
                        _ => None,
                    })
                    .collect::<Vec<_>>()
                    .join(" ");
                query.split_whitespace().all(|term| text.contains(term))
            })
        })
        .collect();
    if let Some((name, desc)) = &q.sort {
        let mut keyed: Vec<(Option<Val>, &Record)> =
            hits.into_iter().map(|r| (value(r, name), r)).collect();
        keyed.sort_by(|(a, ra), (b, rb)| {
            let by_value = match (a, b) {
                (Some(a), Some(b)) if *desc => b.cmp(a),
                (Some(a), Some(b)) => a.cmp(b),
                // Records without the property come last either way.
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            };
            by_value.then(ra.id.cmp(&rb.id))
        });
        hits = keyed.into_iter().map(|(_, r)| r).collect();
    }
    let total = hits.len();
    let results: Vec<Value> = hits
        .iter()
        .skip(q.after)
        .take(q.limit)
        .map(|r| r.to_json(users, &q.properties, &[], blank))
        .collect();
    let mut body = json!({"total": total, "results": results});
    let next = q.after + q.limit;
    if q.limit > 0 && next < total {
        body["paging"] = json!({"next": {"after": next.to_string()}});
    }
    json_resp(200, &body)
}
