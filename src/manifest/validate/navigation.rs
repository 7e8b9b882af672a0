//! Validation of `[[navigation]]` trees: ids, labels, variables, items, views (nested, or directly
//! under a tree with their own `plugs-to`, variables and plugin placeholders).

use super::*;

/// Deepest nesting of navigation items read.
const MAX_ITEM_DEPTH: usize = 32;

impl Validator<'_> {
    pub(super) fn navigations(&mut self, root: &Table<'_, '_>) -> Vec<Navigation> {
        let mut out = Vec::new();
        for n in root.opt_tables(self.c, "navigation") {
            n.check_keys(self.c, NAVIGATION_KEYS);
            let id = self.nav_id(&n);
            // Real trees go without a label (a service-user wizard, a tree that only plugs
            // views into a platform placeholder): none is written then.
            let label = n.opt_str(self.c, "label");
            let plugs_to = n.opt_str(self.c, "plugs-to").map(|s| s.text);
            let vars = self.vars(&n);
            let mut seen = BTreeSet::new();
            let views = self.views(&n, &mut seen);
            let items = self.items(&n, &mut seen, 0);
            if let Some(id) = id {
                out.push(Navigation {
                    id,
                    label: label.map(|l| l.text),
                    plugs_to,
                    vars,
                    views,
                    items,
                });
            }
        }
        out
    }

    /// The `vars` of a navigation tree or of a view.
    fn vars(&mut self, parent: &Table<'_, '_>) -> Vec<Var> {
        let mut vars = Vec::new();
        for v in parent.opt_tables(self.c, "vars") {
            v.check_keys(self.c, VAR_KEYS);
            let name = v.req_str(self.c, "name", "the variable name");
            if let Some(name) = &name
                && !is_identifier(&name.text)
            {
                self.c.error(
                    name.span.range(),
                    format!("variable name `{}` is not a valid name", name.text),
                    "use letters, digits and `_`, not starting with a digit",
                );
            }
            let ty = v
                .req_str(self.c, "type", "a local type name or a type id")
                .and_then(|s| self.resolve(&s, RefCtx::TypeId, "navigation variable"));
            let required = v.opt_bool(self.c, "required");
            let collection = v.opt_bool(self.c, "collection");
            let filter = v.opt_str(self.c, "filter").map(|s| s.text);
            if let (Some(name), Some(type_id)) = (name, ty) {
                if vars.iter().any(|x: &Var| x.name == name.text) {
                    self.c.error(
                        name.span.range(),
                        format!("variable `{}` is declared twice here", name.text),
                        "give every variable of one navigation or view its own name",
                    );
                    continue;
                }
                vars.push(Var {
                    name: name.text,
                    type_id,
                    required,
                    collection,
                    filter,
                });
            }
        }
        vars
    }

    /// A placeholder id (`plugs-to`, `plugin-placeholders`): non-empty, without spaces.
    fn placeholder(&mut self, s: Str, key: &str) -> Option<String> {
        if s.text.trim().is_empty() || s.text.chars().any(char::is_whitespace) {
            self.c.error(
                s.span.range(),
                format!("`{key}` `{}` is not a placeholder id", s.text),
                "write the placeholder's URI, e.g. \
                 http://www.aps-standard.org/ui/service/suwizard.new/2",
            );
            return None;
        }
        Some(s.text)
    }

    /// The `items` of a navigation tree or of an item, nested items included (at most
    /// [`MAX_ITEM_DEPTH`] levels).
    fn items(
        &mut self,
        parent: &Table<'_, '_>,
        seen: &mut BTreeSet<String>,
        depth: usize,
    ) -> Vec<Item> {
        let mut items = Vec::new();
        for it in parent.opt_tables(self.c, "items") {
            it.check_keys(self.c, ITEM_KEYS);
            let id = self.nav_id(&it);
            let label = it.opt_str(self.c, "label").map(|s| s.text);
            let plugs_to = it.opt_str(self.c, "plugs-to").map(|s| s.text);
            let views = self.views(&it, seen);
            let nested = if depth < MAX_ITEM_DEPTH {
                self.items(&it, seen, depth + 1)
            } else {
                Vec::new()
            };
            if let Some(id) = id {
                items.push(Item {
                    id,
                    label,
                    plugs_to,
                    views,
                    items: nested,
                });
            }
        }
        items
    }

    pub(super) fn nav_id(&mut self, t: &Table<'_, '_>) -> Option<String> {
        let id = t.req_str(self.c, "id", "the element id")?;
        if id
            .text
            .chars()
            .any(|c| c.is_whitespace() || matches!(c, '#' | '/' | '"' | '<' | '>' | '&'))
        {
            self.c.error(
                id.span.range(),
                format!("id `{}` has spaces or reserved characters", id.text),
                "use letters, digits, `_`, `-` and `.`",
            );
        }
        Some(id.text)
    }

    pub(super) fn views(
        &mut self,
        parent: &Table<'_, '_>,
        seen: &mut BTreeSet<String>,
    ) -> Vec<View> {
        let mut out = Vec::new();
        for v in parent.opt_tables(self.c, "views") {
            v.check_keys(self.c, VIEW_KEYS);
            let id_field = v.field("id").map(|f| f.span).unwrap_or(v.span);
            let kind = self.view_kind(&v);
            let id = self.nav_id(&v);
            // A view plugin has no label; views and popups show theirs.
            let label = match kind {
                Some(ViewKind::Plugin) | None => v.opt_str(self.c, "label"),
                Some(_) => v.req_str(self.c, "label", "the label shown"),
            };
            let src = v.opt_str(self.c, "src");
            match (&src, &id) {
                (Some(s), _) => {
                    self.file_ref(Some(s.clone()), "view source");
                }
                (None, Some(id)) => {
                    self.file_ref_at(&format!("ui/{id}.html"), id_field, "view source", true);
                }
                (None, None) => {}
            }
            if let Some(id) = &id
                && !seen.insert(id.clone())
            {
                self.c.error(
                    id_field.range(),
                    format!("view id `{id}` is used twice in this navigation tree"),
                    "give every view of a tree its own id",
                );
            }
            let mut controls = Vec::new();
            for ctl in v.opt_str_array(self.c, "controls").unwrap_or_default() {
                if CONTROLS.contains(&ctl.text.as_str()) {
                    controls.push(Control {
                        name: ctl.text,
                        label: None,
                    });
                } else {
                    let hint = closest(&ctl.text, CONTROLS)
                        .map(|k| format!("did you mean `{k}`? "))
                        .unwrap_or_default();
                    self.c.error(
                        ctl.span.range(),
                        format!("unknown view control `{}`", ctl.text),
                        format!("{hint}controls are cancel, submit, finish, next and prev"),
                    );
                }
            }
            self.control_labels(&v, &mut controls);
            let vars = self.vars(&v);
            let plugs_to = v
                .opt_str(self.c, "plugs-to")
                .and_then(|s| self.placeholder(s, "plugs-to"));
            let mut plugin_placeholders: Vec<String> = Vec::new();
            for ph in v
                .opt_str_array(self.c, "plugin-placeholders")
                .unwrap_or_default()
            {
                let span = ph.span;
                if let Some(ph) = self.placeholder(ph, "plugin-placeholders") {
                    if plugin_placeholders.contains(&ph) {
                        self.c.error(
                            span.range(),
                            format!("plugin placeholder `{ph}` is listed twice"),
                            "list each placeholder once",
                        );
                    } else {
                        plugin_placeholders.push(ph);
                    }
                }
            }
            let views = self.views(&v, seen);
            let label_ok = label.is_some() || kind == Some(ViewKind::Plugin);
            if let (Some(kind), Some(id), true) = (kind, id, label_ok) {
                out.push(View {
                    kind,
                    id,
                    label: label.map(|l| l.text),
                    src: src.map(|s| s.text),
                    vars,
                    plugs_to,
                    plugin_placeholders,
                    controls,
                    views,
                });
            }
        }
        out
    }

    /// `kind`: view (the default), popup or view-plugin.
    fn view_kind(&mut self, v: &Table<'_, '_>) -> Option<ViewKind> {
        let Some(k) = v.opt_str(self.c, "kind") else {
            return Some(ViewKind::View);
        };
        let found = ViewKind::ALL
            .iter()
            .find(|(name, _)| *name == k.text)
            .map(|(_, kind)| *kind);
        if found.is_none() {
            let names: Vec<&str> = ViewKind::ALL.iter().map(|(n, _)| *n).collect();
            let hint = closest(&k.text, &names)
                .map(|n| format!("did you mean `{n}`? "))
                .unwrap_or_default();
            self.c.error(
                k.span.range(),
                format!("unknown view kind `{}`", k.text),
                format!("{hint}a view is a `view` (the default), a `popup` or a `view-plugin`"),
            );
        }
        found
    }

    /// `control-labels = { cancel = "Cancel", ... }`: a label for controls the view has.
    fn control_labels(&mut self, v: &Table<'_, '_>, controls: &mut [Control]) {
        let Some(t) = v.opt_table(self.c, "control-labels") else {
            return;
        };
        for f in t.fields() {
            let Some(label) = t.opt_str(self.c, f.key) else {
                continue;
            };
            match controls.iter_mut().find(|c| c.name == f.key) {
                Some(c) => c.label = Some(label.text),
                None => self.c.error(
                    f.span.range(),
                    format!("`{}` labels a control the view does not have", f.key),
                    "label only controls listed in `controls`",
                ),
            }
        }
    }
}
