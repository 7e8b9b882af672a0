//! Writing APP-META.xml from the model with the quick-xml Writer, in APS element order.
//!
//! Order: id name version release homepage vendor packager presentation(summary description icon
//! screenshot* changelog categories languages navigation*) license-agreement upgrade|patch
//! service+ (the service whose type implements core/application first, the rest in manifest
//! order). Two-space indent, LF, trailing newline.

use std::io;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

use crate::aps::{APPLICATION_TYPE, NS_APS2};
use crate::epoch::Epoch;
use crate::model::{
    EntryPoint, Item, LicenseKind, LicenseText, Navigation, Package, Party, ResourceType,
    UpdateKind, Var, View,
};

type W = Writer<Vec<u8>>;

/// Renders APP-META.xml for `package`, stamped `packaged` from `epoch`.
pub fn render(package: &Package, epoch: Epoch) -> Vec<u8> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    // Writing into a Vec cannot fail; an error would only drop output, never panic.
    let _ = write_all(&mut w, package, epoch);
    let mut out = w.into_inner();
    out.push(b'\n');
    out
}

fn write_all(w: &mut W, p: &Package, epoch: Epoch) -> io::Result<()> {
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let packaged = epoch.packaged();
    w.create_element("application")
        .with_attribute(("packaged", packaged.as_str()))
        .with_attribute(("version", "2.0"))
        .with_attribute(("xmlns", NS_APS2))
        .write_inner_content(|w| {
            text(w, "id", &p.id)?;
            text(w, "name", &p.name)?;
            text(w, "version", &p.version)?;
            text(w, "release", &p.release)?;
            opt_text(w, "homepage", p.homepage.as_deref())?;
            if let Some(v) = &p.vendor {
                party(w, "vendor", v)?;
            }
            if let Some(v) = &p.packager {
                party(w, "packager", v)?;
            }
            presentation(w, p)?;
            if let Some(l) = &p.license {
                let mut el = w.create_element("license-agreement");
                if let Some(m) = l.must_accept {
                    el = el.with_attribute(("must-accept", if m { "true" } else { "false" }));
                }
                el.write_inner_content(|w| {
                    let kind = match l.kind {
                        LicenseKind::Free => "free",
                        LicenseKind::Commercial => "commercial",
                    };
                    w.create_element(kind).write_empty()?;
                    w.create_element("text").write_inner_content(|w| {
                        text(w, "name", &l.name)?;
                        match &l.text {
                            LicenseText::Url(u) => text(w, "url", u),
                            LicenseText::File(f) => text(w, "file", f),
                        }
                    })?;
                    Ok(())
                })?;
            }
            if let Some(u) = &p.update {
                let name = match u.kind {
                    UpdateKind::Upgrade => "upgrade",
                    UpdateKind::Patch => "patch",
                };
                w.create_element(name)
                    .with_attribute(("match", u.rql.as_str()))
                    .write_empty()?;
            }
            for ty in service_order(&p.types) {
                service(w, ty)?;
            }
            Ok(())
        })?;
    Ok(())
}

/// Types in service order: those implementing core/application first, then the rest, each group
/// in manifest order.
pub fn service_order(types: &[ResourceType]) -> Vec<&ResourceType> {
    let is_app = |t: &&ResourceType| t.implements.iter().any(|i| i == APPLICATION_TYPE);
    types
        .iter()
        .filter(is_app)
        .chain(types.iter().filter(|t| !is_app(t)))
        .collect()
}

fn text(w: &mut W, name: &str, value: &str) -> io::Result<()> {
    w.create_element(name)
        .write_text_content(BytesText::new(value))?;
    Ok(())
}

fn opt_text(w: &mut W, name: &str, value: Option<&str>) -> io::Result<()> {
    match value {
        Some(v) => text(w, name, v),
        None => Ok(()),
    }
}

fn path_el(w: &mut W, name: &str, path: &str) -> io::Result<()> {
    w.create_element(name)
        .with_attribute(("path", path))
        .write_empty()?;
    Ok(())
}

fn party(w: &mut W, name: &str, p: &Party) -> io::Result<()> {
    w.create_element(name).write_inner_content(|w| {
        text(w, "name", &p.name)?;
        opt_text(w, "homepage", p.homepage.as_deref())?;
        if let Some(i) = &p.icon {
            path_el(w, "icon", i)?;
        }
        opt_text(w, "uri", p.uri.as_deref())
    })?;
    Ok(())
}

fn presentation(w: &mut W, p: &Package) -> io::Result<()> {
    let empty = p.summary.is_none()
        && p.description.is_none()
        && p.icon.is_none()
        && p.screenshots.is_empty()
        && p.changelog.is_empty()
        && p.categories.is_empty()
        && p.languages.is_empty()
        && p.navigation.is_empty();
    if empty {
        return Ok(());
    }
    w.create_element("presentation").write_inner_content(|w| {
        opt_text(w, "summary", p.summary.as_deref())?;
        opt_text(w, "description", p.description.as_deref())?;
        if let Some(i) = &p.icon {
            path_el(w, "icon", i)?;
        }
        for s in &p.screenshots {
            let el = w
                .create_element("screenshot")
                .with_attribute(("path", s.path.as_str()));
            match &s.description {
                Some(d) => {
                    el.write_inner_content(|w| text(w, "description", d))?;
                }
                None => {
                    el.write_empty()?;
                }
            }
        }
        if !p.changelog.is_empty() {
            w.create_element("changelog").write_inner_content(|w| {
                for v in &p.changelog {
                    w.create_element("version")
                        .with_attribute(("version", v.version.as_str()))
                        .with_attribute(("release", v.release.as_str()))
                        .write_inner_content(|w| {
                            for e in &v.entries {
                                text(w, "entry", e)?;
                            }
                            Ok(())
                        })?;
                }
                Ok(())
            })?;
        }
        list(w, "categories", "category", &p.categories)?;
        list(w, "languages", "language", &p.languages)?;
        for n in &p.navigation {
            navigation(w, n)?;
        }
        Ok(())
    })?;
    Ok(())
}

fn list(w: &mut W, outer: &str, inner: &str, values: &[String]) -> io::Result<()> {
    if values.is_empty() {
        return Ok(());
    }
    w.create_element(outer).write_inner_content(|w| {
        for v in values {
            text(w, inner, v)?;
        }
        Ok(())
    })?;
    Ok(())
}

fn plugs_to(w: &mut W, id: Option<&str>) -> io::Result<()> {
    if let Some(id) = id {
        w.create_element("plugs-to")
            .with_attribute(("id", id))
            .write_empty()?;
    }
    Ok(())
}

fn bool_str(b: bool) -> &'static str {
    if b { "true" } else { "false" }
}

fn vars(w: &mut W, vars: &[Var]) -> io::Result<()> {
    for v in vars {
        let mut el = w
            .create_element("var")
            .with_attribute(("name", v.name.as_str()))
            .with_attribute(("type-id", v.type_id.as_str()));
        if let Some(r) = v.required {
            el = el.with_attribute(("required", bool_str(r)));
        }
        if let Some(c) = v.collection {
            el = el.with_attribute(("collection", bool_str(c)));
        }
        if let Some(f) = &v.filter {
            el = el.with_attribute(("filter", f.as_str()));
        }
        el.write_empty()?;
    }
    Ok(())
}

fn navigation(w: &mut W, n: &Navigation) -> io::Result<()> {
    let mut el = w
        .create_element("navigation")
        .with_attribute(("id", n.id.as_str()));
    if let Some(label) = &n.label {
        el = el.with_attribute(("label", label.as_str()));
    }
    el.write_inner_content(|w| {
        vars(w, &n.vars)?;
        plugs_to(w, n.plugs_to.as_deref())?;
        for v in &n.views {
            view(w, v)?;
        }
        for i in &n.items {
            item(w, i)?;
        }
        Ok(())
    })?;
    Ok(())
}

fn item(w: &mut W, i: &Item) -> io::Result<()> {
    let mut el = w
        .create_element("item")
        .with_attribute(("id", i.id.as_str()));
    if let Some(label) = &i.label {
        el = el.with_attribute(("label", label.as_str()));
    }
    el.write_inner_content(|w| {
        plugs_to(w, i.plugs_to.as_deref())?;
        for v in &i.views {
            view(w, v)?;
        }
        for nested in &i.items {
            item(w, nested)?;
        }
        Ok(())
    })?;
    Ok(())
}

fn view(w: &mut W, v: &View) -> io::Result<()> {
    let mut el = w
        .create_element(v.kind.element())
        .with_attribute(("id", v.id.as_str()));
    if let Some(label) = &v.label {
        el = el.with_attribute(("label", label.as_str()));
    }
    if let Some(src) = &v.src {
        el = el.with_attribute(("src", src.as_str()));
    }
    if v.controls.is_empty()
        && v.views.is_empty()
        && v.vars.is_empty()
        && v.plugs_to.is_none()
        && v.plugin_placeholders.is_empty()
    {
        el.write_empty()?;
        return Ok(());
    }
    // As in shipped packages: var, plugs-to, plugin-placeholder, controls, nested views.
    el.write_inner_content(|w| {
        vars(w, &v.vars)?;
        plugs_to(w, v.plugs_to.as_deref())?;
        for ph in &v.plugin_placeholders {
            w.create_element("plugin-placeholder")
                .with_attribute(("id", ph.as_str()))
                .write_empty()?;
        }
        if !v.controls.is_empty() {
            w.create_element("controls").write_inner_content(|w| {
                for c in &v.controls {
                    let mut el = w.create_element(c.name.as_str());
                    if let Some(label) = &c.label {
                        el = el.with_attribute(("label", label.as_str()));
                    }
                    el.write_empty()?;
                }
                Ok(())
            })?;
        }
        for child in &v.views {
            view(w, child)?;
        }
        Ok(())
    })?;
    Ok(())
}

fn entry_points(w: &mut W, list: &[EntryPoint]) -> io::Result<()> {
    if list.is_empty() {
        return Ok(());
    }
    w.create_element("entry-points").write_inner_content(|w| {
        for e in list {
            w.create_element("entry")
                .with_attribute(("class", e.class.as_str()))
                .with_attribute(("dst", e.dst.as_str()))
                .write_inner_content(|w| {
                    text(w, "label", &e.label)?;
                    opt_text(w, "description", e.description.as_deref())
                })?;
        }
        Ok(())
    })?;
    Ok(())
}

fn service(w: &mut W, t: &ResourceType) -> io::Result<()> {
    w.create_element("service")
        .with_attribute(("id", t.service_id.as_str()))
        .write_inner_content(|w| {
            path_el(w, "schema", &t.schema_path)?;
            w.create_element("code")
                .with_attribute(("engine", t.engine.as_str()))
                .with_attribute(("path", t.code.as_str()))
                .write_empty()?;
            if !t.presentation {
                return Ok(());
            }
            w.create_element("presentation").write_inner_content(|w| {
                text(w, "name", t.title.as_deref().unwrap_or(&t.key))?;
                opt_text(w, "summary", t.summary.as_deref())?;
                if let Some(icon) = &t.icon {
                    path_el(w, "icon", icon)?;
                }
                if !t.infolinks.is_empty() {
                    w.create_element("infolinks").write_inner_content(|w| {
                        for l in &t.infolinks {
                            let link = w
                                .create_element("link")
                                .with_attribute(("href", l.href.as_str()))
                                .with_attribute(("class", l.class.as_str()));
                            match &l.title {
                                Some(title) => {
                                    link.write_text_content(BytesText::new(title))?;
                                }
                                None => {
                                    link.write_empty()?;
                                }
                            }
                        }
                        Ok(())
                    })?;
                }
                entry_points(w, &t.entry_points)?;
                opt_text(w, "color", t.color.as_deref())?;
                opt_text(w, "font-color", t.font_color.as_deref())
            })?;
            Ok(())
        })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        Control, FileSet, Infolink, Item, License, Screenshot, UpdateMatch, Var, View, ViewKind,
    };

    /// A view of `kind` with nothing in it.
    fn bare(kind: ViewKind, id: &str, label: Option<&str>, src: Option<&str>) -> View {
        View {
            kind,
            id: id.into(),
            label: label.map(Into::into),
            src: src.map(Into::into),
            vars: vec![],
            plugs_to: None,
            plugin_placeholders: vec![],
            controls: vec![],
            views: vec![],
        }
    }

    fn ty(key: &str, implements: &str) -> ResourceType {
        ResourceType {
            key: key.into(),
            id: format!("http://x.example.org/aps/{key}/1.0"),
            implements: vec![implements.into()],
            service_id: format!("{key}-svc"),
            code: format!("scripts/{key}.php"),
            engine: "php".into(),
            schema_path: format!("schemas/{key}.schema"),
            title: None,
            summary: None,
            access: None,
            icon: Some("images/svc.png".into()),
            infolinks: vec![Infolink {
                href: "https://x.example.org/support?a=1&b=2".into(),
                class: "support".into(),
                title: Some("Help & support".into()),
            }],
            entry_points: vec![EntryPoint {
                class: "aps2-view".into(),
                dst: "http://x.example.org/aps/app#main".into(),
                label: "Manage".into(),
                description: None,
            }],
            color: None,
            font_color: None,
            presentation: true,
            properties: vec![],
            structures: vec![],
            relations: vec![],
            operations: vec![],
        }
    }

    fn package() -> Package {
        Package {
            id: "http://x.example.org/aps/app".into(),
            name: "A <&> B".into(),
            version: "1.0".into(),
            release: "3".into(),
            homepage: None,
            summary: None,
            description: None,
            icon: None,
            screenshots: vec![],
            changelog: vec![],
            categories: vec![],
            languages: vec![],
            vendor: None,
            packager: None,
            license: None,
            update: None,
            types: vec![
                ty("user", "http://aps-standard.org/types/core/resource/1.0"),
                ty("app", APPLICATION_TYPE),
            ],
            navigation: vec![],
            files: FileSet::default(),
            security: None,
        }
    }

    fn render_str(p: &Package) -> String {
        String::from_utf8(render(p, Epoch::default())).unwrap()
    }

    #[test]
    fn minimal_package_escapes_and_puts_the_application_service_first() {
        let text = render_str(&package());
        assert!(text.starts_with(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<application packaged=\"1980-01-01T00:00:00\" version=\"2.0\" xmlns=\"http://aps-standard.org/ns/2\">\n  <id>"
        ));
        assert!(text.ends_with("</application>\n"));
        assert!(!text.contains("<presentation>\n    <summary"));
        assert!(text.contains("<name>A &lt;&amp;&gt; B</name>"));
        assert!(text.contains(
            "<link href=\"https://x.example.org/support?a=1&amp;b=2\" class=\"support\">Help &amp; support</link>"
        ));
        // A service presentation: name, icon, infolinks, entry points, in the APS order.
        let order = [
            "<name>app</name>",
            "<icon path=\"images/svc.png\"/>",
            "<infolinks>",
            "<entry-points>",
            "<entry class=\"aps2-view\" dst=\"http://x.example.org/aps/app#main\">",
            "<label>Manage</label>",
            "</entry-points>",
        ];
        let mut last = text.find("<service id=\"app-svc\">").unwrap();
        for o in order {
            last += text[last..]
                .find(o)
                .unwrap_or_else(|| panic!("`{o}` missing or out of order in\n{text}"));
        }
        let app = text.find("<service id=\"app-svc\">").unwrap();
        let user = text.find("<service id=\"user-svc\">").unwrap();
        assert!(app < user);
        let doc = crate::xml::parse(text.as_bytes()).unwrap();
        assert_eq!(doc.root.children_named("service").count(), 2);
    }

    /// A navigation tree with a view of each kind, nested views and a nested item.
    fn navigation() -> Vec<Navigation> {
        vec![Navigation {
            id: "n".into(),
            label: Some("N".into()),
            plugs_to: Some("http://www.aps-standard.org/ui/application".into()),
            vars: vec![Var {
                name: "app".into(),
                type_id: "http://x.example.org/aps/app/1.0".into(),
                required: Some(true),
                collection: None,
                filter: Some("select(a)".into()),
            }],
            views: vec![View {
                kind: ViewKind::View,
                id: "wizard".into(),
                label: Some("W".into()),
                src: Some("ui/wizard.js".into()),
                vars: vec![Var {
                    name: "context".into(),
                    type_id: "http://x.example.org/aps/context/1.0".into(),
                    required: None,
                    collection: None,
                    filter: None,
                }],
                plugs_to: Some("http://www.aps-standard.org/ui/service/suwizard.new/2".into()),
                plugin_placeholders: vec!["http://www.aps-standard.org/core/package#biz".into()],
                controls: vec![],
                views: vec![],
            }],
            items: vec![Item {
                id: "i".into(),
                label: Some("I".into()),
                plugs_to: None,
                views: vec![View {
                    views: vec![
                        View {
                            controls: vec![Control {
                                name: "next".into(),
                                label: None,
                            }],
                            ..bare(ViewKind::View, "inner", Some("In"), Some("ui/inner.js"))
                        },
                        View {
                            controls: vec![Control {
                                name: "submit".into(),
                                label: Some("OK".into()),
                            }],
                            ..bare(ViewKind::Popup, "edit", Some("Edit"), Some("ui/edit.js"))
                        },
                        View {
                            plugs_to: Some(
                                "http://www.parallels.com/ccp-dashboard#dashboard".into(),
                            ),
                            ..bare(ViewKind::Plugin, "widget", None, Some("ui/widget.js"))
                        },
                    ],
                    ..bare(ViewKind::View, "outer", Some("O"), None)
                }],
                items: vec![Item {
                    id: "nested".into(),
                    label: None,
                    plugs_to: None,
                    views: vec![],
                    items: vec![],
                }],
            }],
        }]
    }

    #[test]
    fn optional_parts_follow_the_aps_order() {
        let mut p = package();
        p.update = Some(UpdateMatch {
            kind: UpdateKind::Patch,
            rql: "version=eq=1.0".into(),
        });
        p.license = Some(License {
            kind: LicenseKind::Free,
            name: "L".into(),
            text: LicenseText::File("doc/l.txt".into()),
            must_accept: Some(false),
        });
        p.screenshots = vec![Screenshot {
            path: "images/s.png".into(),
            description: None,
        }];
        p.categories = vec!["Collaboration/Email".into()];
        p.packager = Some(Party {
            name: "P".into(),
            homepage: None,
            icon: Some("images/p.png".into()),
            uri: Some("uuid:1".into()),
        });
        p.navigation = navigation();
        let text = render_str(&p);
        let order = [
            "<packager>",
            "<icon path=\"images/p.png\"/>",
            "<uri>uuid:1</uri>",
            "<presentation>",
            "<screenshot path=\"images/s.png\"/>",
            "<category>Collaboration/Email</category>",
            "<var name=\"app\" type-id=\"http://x.example.org/aps/app/1.0\" required=\"true\" filter=\"select(a)\"/>",
            "<plugs-to id=\"http://www.aps-standard.org/ui/application\"/>",
            "<view id=\"wizard\" label=\"W\" src=\"ui/wizard.js\">",
            "<var name=\"context\" type-id=\"http://x.example.org/aps/context/1.0\"/>",
            "<plugs-to id=\"http://www.aps-standard.org/ui/service/suwizard.new/2\"/>",
            "<plugin-placeholder id=\"http://www.aps-standard.org/core/package#biz\"/>",
            "</view>",
            "<view id=\"outer\" label=\"O\">",
            "<view id=\"inner\" label=\"In\" src=\"ui/inner.js\">",
            "<next/>",
            "<popup id=\"edit\" label=\"Edit\" src=\"ui/edit.js\">",
            "<submit label=\"OK\"/>",
            "</popup>",
            "<view-plugin id=\"widget\" src=\"ui/widget.js\">",
            "<plugs-to id=\"http://www.parallels.com/ccp-dashboard#dashboard\"/>",
            "</view-plugin>",
            "<item id=\"nested\">",
            "<license-agreement must-accept=\"false\">",
            "<free/>",
            "<file>doc/l.txt</file>",
            "<patch match=\"version=eq=1.0\"/>",
            "<service id=\"app-svc\">",
        ];
        let mut last = 0;
        for o in order {
            let at = text[last..]
                .find(o)
                .unwrap_or_else(|| panic!("`{o}` missing or out of order in\n{text}"));
            last += at;
        }
        crate::xml::parse(text.as_bytes()).unwrap();
        assert_eq!(render_str(&p), text);
    }
}
