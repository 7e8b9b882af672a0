//! Validation of `[types.*]`: ids, services, properties, structures, relations, operations.

use super::*;

impl Validator<'_> {
    pub(super) fn types(&mut self, root: &Table<'_, '_>) -> Vec<ResourceType> {
        let Some(types) = root.opt_table(self.c, "types") else {
            if root.field("types").is_some() {
                return Vec::new();
            }
            self.c.error(
                0..0,
                "the manifest defines no types",
                "add a `[types.app]` table whose type implements core/application/1.0",
            );
            return Vec::new();
        };
        // Pass 1: names, ids and structure names, so references can be resolved in any order.
        let mut tables = Vec::new();
        let mut seen_ids: BTreeMap<String, String> = BTreeMap::new();
        for f in types.fields() {
            if !is_identifier(f.key) {
                self.c.error(
                    f.key_span.range(),
                    format!("type name `{}` is not a valid name", f.key),
                    "use letters, digits and `_`, not starting with a digit (^[a-zA-Z_][a-zA-Z0-9_]*$)",
                );
            }
            let Some(t) = as_table(self.c, &f, types.qualify(f.key)) else {
                continue;
            };
            let id = t.req_str(self.c, "id", "the type id, http://basename/name/1.0");
            let id = id.and_then(|id| match TypeId::parse_versioned(&id.text) {
                Ok(_) => {
                    if let Some(other) = seen_ids.get(&id.text) {
                        self.c.error(
                            id.span.range(),
                            format!("type id `{}` is also used by type `{other}`", id.text),
                            "every type needs its own id",
                        );
                    } else {
                        seen_ids.insert(id.text.clone(), f.key.to_string());
                    }
                    Some(id.text)
                }
                Err(why) => {
                    self.c.error(
                        id.span.range(),
                        format!("bad type id `{}`: {why}", id.text),
                        "write http://basename/name/major.minor, e.g. http://www.example.com/aps/context/1.0",
                    );
                    None
                }
            });
            let structures = match t.table.get("structures").map(|s| s.get_ref()) {
                Some(DeValue::Table(s)) => s.keys().map(|k| k.get_ref().to_string()).collect(),
                _ => Vec::new(),
            };
            self.locals.push(Local {
                key: f.key.to_string(),
                id,
                structures,
            });
            tables.push((f.key.to_string(), f.key_span, t));
        }
        // Pass 2: everything else.
        let mut out = Vec::new();
        let mut services: BTreeMap<String, String> = BTreeMap::new();
        for (i, (key, key_span, t)) in tables.iter().enumerate() {
            let ty = self.resource_type(key, *key_span, t, i);
            if let Some(other) = services.get(&ty.service_id) {
                let span = t.field("service").map(|f| f.span).unwrap_or(*key_span);
                self.c.error(
                    span.range(),
                    format!(
                        "service id `{}` is also used by type `{other}`",
                        ty.service_id
                    ),
                    "give one of them another `service = \"...\"`",
                );
            } else {
                services.insert(ty.service_id.clone(), key.clone());
            }
            out.push(ty);
        }
        let spans: Vec<Span> = tables
            .iter()
            .map(|(_, key_span, t)| t.field("implements").map_or(*key_span, |f| f.span))
            .collect();
        self.implements_cycles(&out, &spans);
        if !out.is_empty()
            && !out
                .iter()
                .any(|t| t.implements.iter().any(|i| i == APPLICATION_TYPE))
        {
            self.c.error(
                types.span.range(),
                "no type implements core/application/1.0",
                misspelt_application(&out).unwrap_or_else(|| {
                    "the root service's type needs `implements = [\"core/application/1.0\"]`"
                        .to_string()
                }),
            );
        }
        if out.is_empty() && tables.is_empty() {
            self.c.error(
                types.span.range(),
                "`types` is empty",
                "add a `[types.app]` table whose type implements core/application/1.0",
            );
        }
        out
    }

    /// An error for each cycle of `implements` among the package's own types (`a` implements
    /// `b`, which implements `a`): no platform can resolve such a type. `spans` are the places
    /// of the types' `implements` keys, in the order of `types`.
    fn implements_cycles(&mut self, types: &[ResourceType], spans: &[Span]) {
        let index: BTreeMap<&str, usize> = types
            .iter()
            .enumerate()
            .map(|(i, t)| (t.id.as_str(), i))
            .collect();
        // Depth first, each type once (0 unseen, 1 on the path, 2 done); an edge back to a type
        // on the path closes a cycle.
        let mut state = vec![0u8; types.len()];
        let mut reported = vec![false; types.len()];
        for root in 0..types.len() {
            if state[root] != 0 {
                continue;
            }
            let mut path = vec![root];
            let mut next = vec![0usize];
            state[root] = 1;
            while let (Some(&at), Some(edge)) = (path.last(), next.last_mut()) {
                let Some(target) = types[at].implements.get(*edge) else {
                    state[at] = 2;
                    path.pop();
                    next.pop();
                    continue;
                };
                *edge += 1;
                let Some(&to) = index.get(target.as_str()) else {
                    continue;
                };
                match state[to] {
                    0 => {
                        state[to] = 1;
                        path.push(to);
                        next.push(0);
                    }
                    1 => {
                        let from = path.iter().position(|&i| i == to).unwrap_or(0);
                        let cycle = &path[from..];
                        if cycle.iter().any(|&i| reported[i]) {
                            continue;
                        }
                        for &i in cycle {
                            reported[i] = true;
                        }
                        let mut names: Vec<&str> =
                            cycle.iter().map(|&i| types[i].key.as_str()).collect();
                        names.push(&types[to].key);
                        self.c.error(
                            spans.get(to).map_or(0..0, |s| s.range()),
                            format!("`implements` goes round in a cycle: {}", names.join(" -> ")),
                            "a type cannot implement itself, directly or through other types; remove one link of the cycle",
                        );
                    }
                    _ => {}
                }
            }
        }
    }

    pub(super) fn resource_type(
        &mut self,
        key: &str,
        key_span: Span,
        t: &Table<'_, '_>,
        index: usize,
    ) -> ResourceType {
        t.check_keys(self.c, TYPE_KEYS);
        let structures = self
            .locals
            .get(index)
            .map(|l| l.structures.clone())
            .unwrap_or_default();
        let id = self
            .locals
            .get(index)
            .and_then(|l| l.id.clone())
            .unwrap_or_default();
        let mut implements = Vec::new();
        for s in t.opt_str_array(self.c, "implements").unwrap_or_default() {
            if let Some(full) = self.resolve(&s, RefCtx::TypeId, "implemented type") {
                implements.push(full);
            }
        }
        let service_id = match t.opt_str(self.c, "service") {
            Some(s) if s.text.is_empty() || s.text.chars().any(char::is_whitespace) => {
                self.c.error(
                    s.span.range(),
                    format!("service id `{}` is empty or has spaces", s.text),
                    "use a short id such as `context`",
                );
                s.text
            }
            Some(s) => s.text,
            None => key.to_string(),
        };
        let code = match t.opt_str(self.c, "code") {
            Some(s) => self.file_ref(Some(s), "code script"),
            None => {
                let default = format!("scripts/{key}.php");
                self.file_ref_at(&default, key_span, "code script", true)
            }
        }
        .unwrap_or_default();
        let engine = match t.opt_str(self.c, "engine") {
            Some(e) if e.text.trim().is_empty() => {
                self.c
                    .error(e.span.range(), "empty engine", "write engine = \"php\"");
                e.text
            }
            Some(e) => e.text,
            None => "php".to_string(),
        };
        let title = t.opt_str(self.c, "title").map(|s| s.text);
        let summary = t.opt_str(self.c, "summary").map(|s| s.text);
        let access = t.opt_table(self.c, "access").map(|a| self.access(&a));
        let icon = t.opt_str(self.c, "icon");
        let icon = self.file_ref(icon, "service icon");
        let infolinks = self.infolinks(t);
        let entry_points = self.entry_points(t);
        let color = self.colour(t, "color");
        let font_color = self.colour(t, "font-color");
        let presentation = t.opt_bool(self.c, "presentation").unwrap_or(true);
        if !presentation
            && let Some(f) = [
                "title",
                "summary",
                "icon",
                "infolinks",
                "entry-points",
                "color",
                "font-color",
            ]
            .iter()
            .find_map(|k| t.field(k))
        {
            self.c.error(
                f.key_span.range(),
                format!(
                    "`{}` is set but `presentation = false` writes no service presentation",
                    f.key
                ),
                "remove the key, or remove `presentation = false`",
            );
        }

        let structs = self.structures(t, &structures);
        let properties = match t.opt_table(self.c, "properties") {
            Some(p) => self.properties(&p, &structures),
            None => Vec::new(),
        };
        let relations = self.relations(t);
        let operations = self.operations(t, &structures);
        ResourceType {
            key: key.to_string(),
            id,
            implements,
            service_id,
            code,
            engine,
            schema_path: format!("schemas/{key}.schema"),
            title,
            summary,
            access,
            icon,
            infolinks,
            entry_points,
            color,
            font_color,
            presentation,
            properties,
            structures: structs,
            relations,
            operations,
        }
    }

    /// `[[types.X.infolinks]]`.
    fn infolinks(&mut self, t: &Table<'_, '_>) -> Vec<Infolink> {
        let mut out = Vec::new();
        for l in t.opt_tables(self.c, "infolinks") {
            l.check_keys(self.c, INFOLINK_KEYS);
            let title = l.opt_str(self.c, "title").map(|s| s.text);
            let href = l.req_str(self.c, "href", "the link target");
            let class = l.req_str(self.c, "class", "e.g. \"deployment-guide\" or \"support\"");
            if let (Some(href), Some(class)) = (href, class) {
                out.push(Infolink {
                    href: href.text,
                    class: class.text,
                    title,
                });
            }
        }
        out
    }

    /// `[[types.X.entry-points]]`.
    fn entry_points(&mut self, t: &Table<'_, '_>) -> Vec<EntryPoint> {
        let mut out = Vec::new();
        for e in t.opt_tables(self.c, "entry-points") {
            e.check_keys(self.c, ENTRY_POINT_KEYS);
            let class = e.opt_str(self.c, "class").map(|s| s.text);
            let dst = e.req_str(self.c, "dst", "the view, as \"<application id>#<view id>\"");
            let label = e.req_str(self.c, "label", "the label shown");
            let description = e.opt_str(self.c, "description").map(|s| s.text);
            if let (Some(dst), Some(label)) = (dst, label) {
                out.push(EntryPoint {
                    class: class.unwrap_or_else(|| "aps2-view".to_string()),
                    dst: dst.text,
                    label: label.text,
                    description,
                });
            }
        }
        out
    }

    /// `[types.X.structures]`: named structures with their properties.
    fn structures(&mut self, t: &Table<'_, '_>, structures: &[String]) -> Vec<(String, Structure)> {
        let mut out = Vec::new();
        if let Some(st) = t.opt_table(self.c, "structures") {
            for f in st.fields() {
                self.member_name(f.key, f.key_span, "structure");
                let Some(s) = as_table(self.c, &f, st.qualify(f.key)) else {
                    continue;
                };
                s.check_keys(self.c, STRUCTURE_KEYS);
                let description = s.opt_str(self.c, "description").map(|d| d.text);
                let properties = match s.opt_table(self.c, "properties") {
                    Some(p) => self.properties(&p, structures),
                    None => Vec::new(),
                };
                out.push((
                    f.key.to_string(),
                    Structure {
                        description,
                        properties,
                    },
                ));
            }
        }
        out
    }

    /// `[types.X.relations]`.
    fn relations(&mut self, t: &Table<'_, '_>) -> Vec<(String, Relation)> {
        let mut out = Vec::new();
        if let Some(rt) = t.opt_table(self.c, "relations") {
            for f in rt.fields() {
                self.member_name(f.key, f.key_span, "relation");
                let Some(r) = as_table(self.c, &f, rt.qualify(f.key)) else {
                    continue;
                };
                r.check_keys(self.c, RELATION_KEYS);
                let ty = r
                    .req_str(
                        self.c,
                        "type",
                        "the related type: a local type name or a type id",
                    )
                    .and_then(|s| self.resolve(&s, RefCtx::TypeId, "relation"));
                let required = r.opt_bool(self.c, "required").unwrap_or(false);
                let collection = r.opt_bool(self.c, "collection").unwrap_or(false);
                if let Some(ty) = ty {
                    out.push((
                        f.key.to_string(),
                        Relation {
                            ty,
                            required,
                            collection,
                        },
                    ));
                }
            }
        }
        out
    }

    /// `[types.X.operations]`.
    fn operations(&mut self, t: &Table<'_, '_>, structures: &[String]) -> Vec<(String, Operation)> {
        let mut out = Vec::new();
        if let Some(ot) = t.opt_table(self.c, "operations") {
            for f in ot.fields() {
                self.member_name(f.key, f.key_span, "operation");
                let Some(o) = as_table(self.c, &f, ot.qualify(f.key)) else {
                    continue;
                };
                if let Some(op) = self.operation(&o, structures) {
                    out.push((f.key.to_string(), op));
                }
            }
        }
        out
    }

    pub(super) fn member_name(&mut self, name: &str, span: Span, what: &str) {
        if !is_identifier(name) {
            self.c.error(
                span.range(),
                format!("{what} name `{name}` is not a valid name"),
                "use letters, digits and `_`, not starting with a digit (^[a-zA-Z_][a-zA-Z0-9_]*$)",
            );
        }
    }

    pub(super) fn colour(&mut self, t: &Table<'_, '_>, key: &str) -> Option<String> {
        let s = t.opt_str(self.c, key)?;
        if !is_colour(&s.text) {
            self.c.error(
                s.span.range(),
                format!(
                    "`{}` = `{}` is not a colour #RRGGBB",
                    t.qualify(key),
                    s.text
                ),
                "write six hex digits after `#`, e.g. #0044aa",
            );
        }
        Some(s.text)
    }

    pub(super) fn access(&mut self, a: &Table<'_, '_>) -> Access {
        a.check_keys(self.c, ACCESS_KEYS);
        Access {
            owner: a.opt_bool(self.c, "owner"),
            admin: a.opt_bool(self.c, "admin"),
            referrer: a.opt_bool(self.c, "referrer"),
        }
    }

    pub(super) fn properties(
        &mut self,
        t: &Table<'_, '_>,
        structures: &[String],
    ) -> Vec<(String, Property)> {
        let mut out = Vec::new();
        for f in t.fields() {
            self.member_name(f.key, f.key_span, "property");
            let Some(p) = as_table(self.c, &f, t.qualify(f.key)) else {
                continue;
            };
            if let Some(prop) = self.property(&p, structures) {
                out.push((f.key.to_string(), prop));
            }
        }
        out
    }

    pub(super) fn property(
        &mut self,
        p: &Table<'_, '_>,
        structures: &[String],
    ) -> Option<Property> {
        p.check_keys(self.c, PROPERTY_KEYS);
        let ty = p
            .req_str(
                self.c,
                "type",
                "string, number, integer, boolean, array, object, a structure or a type id",
            )
            .and_then(|s| self.resolve(&s, RefCtx::Property(structures), "property"));
        let items = match p.opt_table(self.c, "items") {
            Some(i) => self.property(&i, structures).map(Box::new),
            None => None,
        };
        if ty.as_deref() == Some("array") && items.is_none() && p.field("items").is_none() {
            self.c.error(
                p.span.range(),
                format!("`{}` is an array without `items`", p.path),
                "add `items = { type = \"string\" }` (the element type)",
            );
        }
        if let (Some(ty), Some(f)) = (&ty, p.field("items"))
            && ty != "array"
        {
            self.c.error(
                f.key_span.range(),
                format!("`items` only applies to arrays, but `{}` is `{ty}`", p.path),
                "remove `items` or set `type = \"array\"`",
            );
        }
        let (enum_values, titles) = self.enumeration(p);
        let default = p.field("default").map(|f| (to_json(f.value), f.span));
        self.check_values(p, ty.as_deref(), enum_values.as_deref(), default.as_ref());
        let min_length = p.opt_u64(self.c, "minLength");
        let max_length = p.opt_u64(self.c, "maxLength");
        if let (Some(lo), Some(hi)) = (min_length, max_length)
            && lo > hi
        {
            self.c.error(
                p.span.range(),
                format!("`{}` has minLength {lo} above maxLength {hi}", p.path),
                "swap or fix the bounds",
            );
        }
        let minimum = p.opt_number(self.c, "minimum");
        let maximum = p.opt_number(self.c, "maximum");
        if let (Some(lo), Some(hi)) = (&minimum, &maximum)
            && lo.as_f64().zip(hi.as_f64()).is_some_and(|(a, b)| a > b)
        {
            self.c.error(
                p.span.range(),
                format!("`{}` has minimum {lo} above maximum {hi}", p.path),
                "swap or fix the bounds",
            );
        }
        let prop = Property {
            ty: ty?,
            title: p.opt_str(self.c, "title").map(|s| s.text),
            description: p.opt_str(self.c, "description").map(|s| s.text),
            required: p.opt_bool(self.c, "required"),
            readonly: p.opt_bool(self.c, "readonly"),
            encrypted: p.opt_bool(self.c, "encrypted"),
            final_: p.opt_bool(self.c, "final"),
            default: default.map(|(d, _)| d),
            enum_values,
            enum_titles: titles.map(|t| t.into_iter().map(|s| s.text).collect()),
            format: p.opt_str(self.c, "format").map(|s| s.text),
            pattern: p.opt_str(self.c, "pattern").map(|s| s.text),
            unit: p.opt_str(self.c, "unit").map(|s| s.text),
            items,
            access: p.opt_table(self.c, "access").map(|a| self.access(&a)),
            min_length,
            max_length,
            minimum,
            maximum,
        };
        Some(prop)
    }

    /// `enum` (a non-empty array) and `enumTitles` (one title per value).
    fn enumeration(&mut self, p: &Table<'_, '_>) -> (Option<Vec<Value>>, Option<Vec<Str>>) {
        let enum_values = p.field("enum").and_then(|f| match f.value {
            DeValue::Array(a) if !a.is_empty() => {
                Some(a.iter().map(|v| to_json(v.get_ref())).collect::<Vec<_>>())
            }
            other => {
                self.c.error(
                    f.span.range(),
                    format!(
                        "`{}.enum` must be a non-empty array, not {}",
                        p.path,
                        type_name(other)
                    ),
                    "list the allowed values, e.g. enum = [\"a\", \"b\"]",
                );
                None
            }
        });
        let titles = p.opt_str_array(self.c, "enumTitles");
        if let Some(titles) = &titles {
            let span = p.field("enumTitles").map(|f| f.span).unwrap_or(p.span);
            match &enum_values {
                None if p.field("enum").is_none() => self.c.error(
                    span.range(),
                    format!("`{}.enumTitles` without `enum`", p.path),
                    "add the `enum` values the titles name, or remove enumTitles",
                ),
                Some(values) if values.len() != titles.len() => self.c.error(
                    span.range(),
                    format!(
                        "`{}.enumTitles` has {} title(s) but `enum` has {} value(s)",
                        p.path,
                        titles.len(),
                        values.len()
                    ),
                    "give exactly one title per enum value, in the same order",
                ),
                _ => {}
            }
        }
        (enum_values, titles)
    }

    /// The enum values against the type, and the default against the enum.
    fn check_values(
        &mut self,
        p: &Table<'_, '_>,
        ty: Option<&str>,
        enum_values: Option<&[Value]>,
        default: Option<&(Value, Span)>,
    ) {
        // A default of another type than the property's is left to APS0411
        // (default-type-mismatch), a warning in the build's lint gate: the format does not make
        // it fatal, and shipped packages have it (OpenStack's `image.usage`, a string with
        // default 0), so aps.toml must be able to say it.
        if let Some((d, span)) = default
            && let Some(values) = enum_values
            && !values.contains(d)
        {
            self.c.error(
                span.range(),
                format!("default {d} of `{}` is not one of its enum values", p.path),
                "use one of the enum values as the default",
            );
        }
        if let Some(values) = enum_values
            && let Some(ty) = ty
        {
            for v in values {
                if let Some(expected) = default_mismatch(ty, v) {
                    let span = p.field("enum").map(|f| f.span).unwrap_or(p.span);
                    self.c.error(
                        span.range(),
                        format!("enum value {v} of `{}` is not {expected}", p.path),
                        format!("every enum value must be of type {ty}"),
                    );
                    break;
                }
            }
        }
    }

    pub(super) fn operation(
        &mut self,
        o: &Table<'_, '_>,
        structures: &[String],
    ) -> Option<Operation> {
        o.check_keys(self.c, OPERATION_KEYS);
        let verb = o
            .req_str(self.c, "verb", "GET, POST, PUT or DELETE")
            .and_then(|v| match v.text.as_str() {
                "GET" => Some(Verb::Get),
                "POST" => Some(Verb::Post),
                "PUT" => Some(Verb::Put),
                "DELETE" => Some(Verb::Delete),
                other => {
                    self.c.error(
                        v.span.range(),
                        format!("`{other}` is not an operation verb"),
                        "use GET, POST, PUT or DELETE (upper case)",
                    );
                    None
                }
            });
        let path = o.req_str(self.c, "path", "the operation path, starting with `/`");
        let static_ = o.opt_bool(self.c, "static");
        let access = o.opt_table(self.c, "access").map(|a| self.access(&a));
        let mut parameters = Vec::new();
        if let Some(pt) = o.opt_table(self.c, "parameters") {
            for f in pt.fields() {
                self.member_name(f.key, f.key_span, "parameter");
                let Some(p) = as_table(self.c, &f, pt.qualify(f.key)) else {
                    continue;
                };
                p.check_keys(self.c, PARAMETER_KEYS);
                let ty = p
                    .req_str(self.c, "type", "the parameter type")
                    .and_then(|s| self.resolve(&s, RefCtx::Property(structures), "parameter"));
                let kind = p
                    .req_str(self.c, "kind", "path, query or body")
                    .and_then(|k| match k.text.as_str() {
                        "path" => Some(ParamKind::Path),
                        "query" => Some(ParamKind::Query),
                        "body" => Some(ParamKind::Body),
                        other => {
                            self.c.error(
                                k.span.range(),
                                format!("`{other}` is not a parameter kind"),
                                "use path, query or body",
                            );
                            None
                        }
                    });
                let required = p.opt_bool(self.c, "required");
                if let (Some(ty), Some(kind)) = (ty, kind) {
                    parameters.push((f.key.to_string(), Parameter { ty, kind, required }));
                }
            }
        }
        if let Some(path) = &path {
            if !path.text.starts_with('/') {
                self.c.error(
                    path.span.range(),
                    format!("operation path `{}` does not start with `/`", path.text),
                    format!("write `/{}`", path.text),
                );
            }
            match crate::aps::path::params(&path.text) {
                Ok(names) => {
                    for name in names {
                        let ok = parameters
                            .iter()
                            .any(|(n, p)| *n == name && p.kind == ParamKind::Path);
                        if !ok {
                            self.c.error(
                                path.span.range(),
                                format!("`{{{name}}}` in path `{}` has no `kind = \"path\"` parameter", path.text),
                                format!("add `{name} = {{ type = \"string\", kind = \"path\", required = true }}` to parameters"),
                            );
                        }
                    }
                }
                Err(why) => self.c.error(
                    path.span.range(),
                    format!("operation path `{}`: {why}", path.text),
                    "write placeholders as `{name}`",
                ),
            }
        }
        let response = self.response(o, "response", structures);
        let error_response = self.response(o, "errorResponse", structures);
        Some(Operation {
            verb: verb?,
            path: path?.text,
            static_,
            access,
            parameters,
            response,
            error_response,
        })
    }

    pub(super) fn response(
        &mut self,
        o: &Table<'_, '_>,
        key: &str,
        structures: &[String],
    ) -> Option<Response> {
        let r = o.opt_table(self.c, key)?;
        r.check_keys(self.c, RESPONSE_KEYS);
        let ty = r
            .req_str(self.c, "type", "the response type")
            .and_then(|s| self.resolve(&s, RefCtx::Property(structures), "response"));
        let items = match r.opt_table(self.c, "items") {
            Some(i) => self.property(&i, structures).map(Box::new),
            None => None,
        };
        let content_type = r.opt_str(self.c, "contentType").map(|s| s.text);
        Some(Response {
            ty: ty?,
            items,
            content_type,
        })
    }
}

/// What an enum value of primitive type `ty` should have been, when it is not.
fn default_mismatch(ty: &str, v: &Value) -> Option<&'static str> {
    match ty {
        "string" if !v.is_string() => Some("a string"),
        "integer" if !(v.is_i64() || v.is_u64()) => Some("an integer"),
        "number" if !v.is_number() => Some("a number"),
        "boolean" if !v.is_boolean() => Some("a boolean"),
        "array" if !v.is_array() => Some("an array"),
        "object" if !v.is_object() => Some("an object"),
        _ => None,
    }
}

/// "Did you mean" for an `implements` entry that is a near miss of the application type
/// (`core/aplication/1.0`, `core/Application/1.0`), naming the type that has it.
fn misspelt_application(types: &[ResourceType]) -> Option<String> {
    let short = |id: &str| {
        id.strip_prefix(APS_TYPES)
            .map_or(id.to_string(), str::to_string)
    };
    types.iter().find_map(|t| {
        t.implements.iter().find_map(|i| {
            closest(&short(i), &[&short(APPLICATION_TYPE)]).map(|want| {
                format!(
                    "type `{}` implements `{}`: did you mean `{want}`?",
                    t.key,
                    short(i)
                )
            })
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_types() {
        assert_eq!(
            default_mismatch("string", &Value::from(1)),
            Some("a string")
        );
        assert_eq!(default_mismatch("number", &Value::from(1)), None);
        assert_eq!(
            default_mismatch("integer", &Value::from(1.5)),
            Some("an integer")
        );
        assert_eq!(default_mismatch("Quota", &Value::from(1)), None);
    }
}
