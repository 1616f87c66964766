//! Tests of every invariant of the tables the build script derives from `tables/*.txt`: names
//! sorted and unique, every constant naming what it claims, lookups that round-trip, every
//! schema parameter a declared name, every reference (directory fd, fd parameter, flag table)
//! pointing at something of the right kind. Test-only; nothing here runs in the product.

use std::collections::HashMap;

use crate::{
    event_type::{self, EventType},
    flags::{self, FlagTable},
    param_id::{self, ParamId},
    param_type::ParamType,
    schema::{has_schema, schema_of, EventSchema, FD_CREATES, FD_DESTROYS, FD_USES, NO_FD_PARAM},
};

/// Every schema: (event type, enter, schema), generic events excluded.
fn schemas() -> Vec<(EventType, bool, &'static EventSchema)> {
    let mut v = Vec::new();
    for ty in EventType::all() {
        if ty.has_schema() {
            v.push((ty, false, schema_of(ty, false)));
        }
        let enter = schema_of(ty, true);
        if !enter.params.is_empty() || enter.fd_role != 0 {
            v.push((ty, true, enter));
        }
    }
    v
}

fn what(ty: EventType, enter: bool) -> String {
    format!("{ty} ({})", if enter { "enter" } else { "exit" })
}

#[test]
fn event_names_are_sorted_unique_and_round_trip() {
    let names: Vec<&str> = EventType::all().map(EventType::name).collect();
    assert_eq!(names.len(), EventType::COUNT);
    assert!(EventType::COUNT <= usize::from(u16::MAX));
    for w in names.windows(2) {
        assert!(
            w[0] < w[1],
            "event names not sorted or repeated: {} {}",
            w[0],
            w[1]
        );
    }
    for (i, ty) in EventType::all().enumerate() {
        assert!(!ty.name().is_empty());
        assert_eq!(ty.index(), i);
        assert_eq!(EventType::from_index(i), Some(ty));
        assert_eq!(EventType::from_name(ty.name()), Some(ty), "{ty}");
        assert_eq!(ty.to_string(), ty.name());
    }
    assert_eq!(EventType::from_index(EventType::COUNT), None);
}

#[test]
fn every_event_type_constant_names_its_event() {
    assert_eq!(event_type::ALL_CONSTANTS.len(), EventType::COUNT);
    for (ty, name) in event_type::ALL_CONSTANTS {
        assert_eq!(ty.name(), name);
        assert_eq!(EventType::from_name(name), Some(ty));
    }
}

#[test]
fn param_names_are_sorted_unique_and_round_trip() {
    let names: Vec<&str> = ParamId::all().map(ParamId::name).collect();
    assert_eq!(names.len(), ParamId::COUNT);
    for w in names.windows(2) {
        assert!(
            w[0] < w[1],
            "parameter names not sorted or repeated: {} {}",
            w[0],
            w[1]
        );
    }
    for (i, id) in ParamId::all().enumerate() {
        assert!(!id.name().is_empty());
        assert_eq!(id.index(), i);
        assert_eq!(ParamId::from_name(id.name()), Some(id));
        // A name is its own longest prefix, also when followed by more text.
        assert_eq!(ParamId::longest_prefix_of(id.name()), Some(id));
        assert!(id.first_type().is_some(), "{} has no first type", id.name());
    }
}

#[test]
fn every_param_id_constant_names_its_parameter() {
    assert_eq!(param_id::ALL_CONSTANTS.len(), ParamId::COUNT);
    for (id, name) in param_id::ALL_CONSTANTS {
        assert_eq!(id.name(), name);
        assert_eq!(ParamId::from_name(name), Some(id));
    }
}

#[test]
fn every_schema_parameter_is_a_declared_name_with_its_id() {
    for (ty, enter, s) in schemas() {
        for (i, p) in s.params.iter().enumerate() {
            let at = format!("{} parameter {i} `{}`", what(ty, enter), p.name);
            assert_eq!(p.id.name(), p.name, "{at}: id names another parameter");
            assert_eq!(ParamId::from_name(p.name), Some(p.id), "{at}");
            // Names are unique within a schema, so lookups find this very parameter.
            assert_eq!(s.position(p.id), Some(i), "{at}: name repeated");
            assert_eq!(s.position_by_name(p.name), Some(i), "{at}");
        }
    }
}

/// Parameter names no schema here uses: Falco's table has them only in older event versions or
/// in events decoded without parameters.
const UNUSED_NAMES: &[&str] = &["ID", "image", "nativeID", "res_or_fd", "tags"];
/// Names whose first type in Falco's table (an older event version) no current schema uses.
const OLD_FIRST_TYPES: &[&str] = &["tty"];

#[test]
fn every_param_name_is_used_and_its_first_type_is_one_it_has() {
    let mut types: HashMap<ParamId, Vec<_>> = HashMap::new();
    for (_, _, s) in schemas() {
        for p in s.params {
            types.entry(p.id).or_default().push((p.ty, p.fmt));
        }
    }
    for id in ParamId::all() {
        let name = id.name();
        let Some(used) = types.get(&id) else {
            assert!(
                UNUSED_NAMES.contains(&name),
                "no schema uses parameter `{name}`"
            );
            continue;
        };
        assert!(!UNUSED_NAMES.contains(&name), "`{name}` is used after all");
        let first = id.first_type().unwrap();
        assert_eq!(
            used.contains(&first),
            !OLD_FIRST_TYPES.contains(&name),
            "`{name}`: first type {first:?}, schemas use {used:?}"
        );
    }
}

#[test]
fn directory_fds_point_at_fd_parameters() {
    for (ty, enter, s) in schemas() {
        for (i, p) in s.params.iter().enumerate() {
            let at = format!("{} parameter `{}`", what(ty, enter), p.name);
            if p.ty == ParamType::FsRelPath {
                let d = usize::from(p.dirfd);
                assert!(d < s.params.len() && d != i, "{at}: dirfd {d} out of range");
                assert_eq!(s.params[d].ty, ParamType::Fd, "{at}: dirfd is not an fd");
            } else {
                assert_eq!(
                    p.dirfd, 0,
                    "{at}: dirfd on a parameter that is no relative path"
                );
            }
        }
    }
}

/// (event, parameter) of a flags type that renders as a plain number in Falco's table.
const FLAGS_WITHOUT_TABLE: &[(&str, &str)] = &[("mlockall", "flags")];

#[test]
fn flag_parameters_and_tables_go_together() {
    for (ty, enter, s) in schemas() {
        for p in s.params {
            let at = format!("{} parameter `{}`", what(ty, enter), p.name);
            if p.table.is_some() {
                assert!(
                    p.ty.is_flags() || p.ty == ParamType::Mode,
                    "{at}: table on {:?}",
                    p.ty
                );
            } else {
                let exempt = FLAGS_WITHOUT_TABLE.contains(&(ty.name(), p.name));
                assert!(
                    !(p.ty.is_flags() || p.ty == ParamType::Mode) || exempt,
                    "{at}: no table"
                );
            }
        }
    }
}

#[test]
fn fd_roles_and_fd_parameters_agree() {
    for (ty, enter, s) in schemas() {
        let at = what(ty, enter);
        assert_eq!(s.fd_role & !(FD_CREATES | FD_USES | FD_DESTROYS), 0, "{at}");
        if s.fd_role & FD_DESTROYS != 0 {
            assert!(
                s.fd_role & FD_USES != 0,
                "{at}: destroys an fd it does not use"
            );
        }
        if s.fd_param != NO_FD_PARAM {
            let p = &s.params[usize::from(s.fd_param)];
            assert_eq!(
                p.ty,
                ParamType::Fd,
                "{at}: fd parameter `{}` is no fd",
                p.name
            );
            assert!(
                s.fd_role & FD_USES != 0,
                "{at}: fd parameter without the uses role"
            );
        } else {
            assert!(
                enter || s.fd_role & FD_USES == 0,
                "{at}: uses an fd but names none"
            );
        }
        if s.has_return_value {
            assert!(
                !enter && !s.params.is_empty(),
                "{at}: return value without parameter"
            );
        }
    }
}

#[test]
fn enter_schemas_are_the_toctou_events_and_generic_events_are_empty() {
    let with_enter: Vec<&str> = schemas()
        .iter()
        .filter(|(_, enter, _)| *enter)
        .map(|(ty, _, _)| ty.name())
        .collect();
    assert_eq!(
        with_enter,
        ["connect", "creat", "open", "openat", "openat2"]
    );
    for ty in EventType::all() {
        if !has_schema(ty) {
            let s = schema_of(ty, false);
            assert!(
                s.params.is_empty() && !s.has_return_value && s.fd_role == 0,
                "{ty}"
            );
            assert_eq!(s.fd_param, NO_FD_PARAM);
            assert!(
                schema_of(ty, true).params.is_empty(),
                "{ty}: generic with enter schema"
            );
        }
    }
}

#[test]
fn every_flag_table_is_used_and_means_one_value_per_symbol() {
    // Statics are compared by contents (a static's address is not unique across uses), which
    // identifies a table because no two tables are the same.
    let used: Vec<FlagTable> = schemas()
        .iter()
        .flat_map(|(_, _, s)| s.params.iter().filter_map(|p| p.table))
        .collect();
    for (i, (name, table)) in flags::ALL_TABLES.iter().enumerate() {
        assert!(!table.is_empty(), "table {name} is empty");
        assert!(used.contains(table), "no schema uses {name}");
        for (other, t) in &flags::ALL_TABLES[..i] {
            assert_ne!(name, other, "table {name} is defined twice");
            assert_ne!(table, t, "tables {other} and {name} are the same");
        }
        let mut values: HashMap<&str, u32> = HashMap::new();
        for (sym, v) in table.iter() {
            let old = values.insert(sym, *v);
            assert!(old.is_none_or(|o| o == *v), "{name}: {sym} has two values");
        }
    }
    for u in used {
        assert!(flags::ALL_TABLES.iter().any(|(_, t)| *t == u));
    }
}
