//! Type references: primitives, own structures, local type names, short core forms, full ids.

use super::*;

impl Validator<'_> {
    /// Resolves a type reference: primitives and own structures stay bare (properties only), local
    /// type names become their ids, short forms expand, full ids are checked.
    pub(super) fn resolve(&mut self, s: &Str, ctx: RefCtx<'_>, what: &str) -> Option<String> {
        let text = s.text.trim();
        let (base, frag) = match text.split_once('#') {
            Some((b, f)) => (b, Some(f)),
            None => (text, None),
        };
        if let Some(frag) = frag
            && !is_identifier(frag)
        {
            self.c.error(
                s.span.range(),
                format!("`{text}`: `#{frag}` is not a structure name"),
                "write <type>#<Structure>, e.g. core/resource/1.0#Counter",
            );
            return None;
        }
        if let RefCtx::Property(own) = ctx
            && frag.is_none()
            && (PRIMITIVES.contains(&base) || own.iter().any(|s| s == base))
        {
            return Some(base.to_string());
        }
        if PRIMITIVES.contains(&base) {
            self.c.error(
                s.span.range(),
                format!("{what} type `{text}` must be a type, not the primitive `{base}`"),
                "name a local type, a type id (http://...) or a short core form such as core/resource/1.0",
            );
            return None;
        }
        let (full, local) = if let Some(i) = self.locals.iter().position(|l| l.key == base) {
            // A reported bad or missing id: stay quiet here.
            let id = self.locals[i].id.clone()?;
            (id, Some(i))
        } else if SHORT_PREFIXES.iter().any(|p| base.starts_with(p)) {
            let full = format!("{APS_TYPES}{base}");
            if let Err(why) = TypeId::parse_versioned(&full) {
                self.c.error(
                    s.span.range(),
                    format!("short type `{base}` does not expand to a valid type id: {why}"),
                    "write core/<name>/<major>.<minor>, e.g. core/resource/1.0",
                );
                return None;
            }
            (full, None)
        } else if base.starts_with("http://") || base.starts_with("https://") {
            // A reference may name a type without a version (the format allows it; the linter
            // warns, APS0506); a type's own id always carries one.
            if let Err(why) = TypeId::parse(base) {
                self.c.error(
                    s.span.range(),
                    format!("bad type id `{base}`: {why}"),
                    "write http://basename/name/major.minor",
                );
                return None;
            }
            let local = self
                .locals
                .iter()
                .position(|l| l.id.as_deref() == Some(base));
            (base.to_string(), local)
        } else {
            let mut known: Vec<&str> = self.locals.iter().map(|l| l.key.as_str()).collect();
            if let RefCtx::Property(own) = ctx {
                known.extend(PRIMITIVES.iter().copied());
                known.extend(own.iter().map(String::as_str));
            }
            let hint = match closest(base, &known) {
                Some(k) => format!("did you mean `{k}`? "),
                None => String::new(),
            };
            let kinds = match ctx {
                RefCtx::Property(_) => "a primitive, a structure of this type, a local type, ",
                RefCtx::TypeId => "a local type, ",
            };
            self.c.error(
                s.span.range(),
                format!("{what} refers to undefined type `{base}`"),
                format!(
                    "{hint}use {kinds}a full type id (http://...) or a short core form such as core/resource/1.0"
                ),
            );
            return None;
        };
        match frag {
            None => Some(full),
            Some(frag) => {
                if let Some(i) = local
                    && !self.locals[i].structures.iter().any(|s| s == frag)
                {
                    self.c.error(
                        s.span.range(),
                        format!("type `{}` has no structure `{frag}`", self.locals[i].key),
                        format!("define [types.{}.structures.{frag}]", self.locals[i].key),
                    );
                    return None;
                }
                Some(format!("{full}#{frag}"))
            }
        }
    }
}
