//! The hosted pages: small, accessible HTML without scripts, each marked as a sandbox page.

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A whole page: `title` (plain text, escaped here) and `body` (HTML, already escaped by the caller).
pub fn page(title: &str, body: &str) -> axum::response::Html<String> {
    let title = escape(title);
    axum::response::Html(format!(
        r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{title} — SANDBOX</title>
<style>
body {{ font: 16px/1.5 system-ui, sans-serif; max-width: 44rem; margin: 1rem auto; padding: 0 1rem; color: #1b1b1b; }}
.banner {{ background: #ffe08a; border: 2px solid #8a6d00; padding: .5rem 1rem; font-weight: bold; }}
fieldset {{ margin: 1rem 0; }} label {{ display: block; padding: .2rem 0; }}
button {{ font-size: 1rem; padding: .5rem 1.2rem; }} code {{ background: #f2f2f2; padding: 0 .2rem; }}
table {{ border-collapse: collapse; }} td, th {{ border: 1px solid #bbb; padding: .2rem .5rem; text-align: left; vertical-align: top; }}
</style>
</head>
<body>
<p class="banner" role="note">SANDBOX — this is ekyc-sandbox, a local stand-in, not a real identity provider. Nothing here is verified.</p>
<main>
<h1>{title}</h1>
{body}
</main>
</body>
</html>
"#
    ))
}

/// A group of radio buttons named `name`; the first option is checked. `options`: (value, label).
pub fn radios(name: &str, legend: &str, options: &[(String, String)]) -> String {
    let mut out = format!("<fieldset><legend>{}</legend>\n", escape(legend));
    for (i, (value, label)) in options.iter().enumerate() {
        let checked = if i == 0 { " checked" } else { "" };
        let id = format!("{name}-{i}");
        out.push_str(&format!(
            "<label for=\"{id}\"><input type=\"radio\" id=\"{id}\" name=\"{}\" value=\"{}\"{checked}> {}</label>\n",
            escape(name),
            escape(value),
            escape(label)
        ));
    }
    out.push_str("</fieldset>\n");
    out
}

/// A hidden form field.
pub fn hidden(name: &str, value: &str) -> String {
    format!("<input type=\"hidden\" name=\"{}\" value=\"{}\">\n", escape(name), escape(value))
}

/// A 4xx page with a message.
pub fn error_page(status: axum::http::StatusCode, message: &str) -> axum::response::Response {
    use axum::response::IntoResponse;
    (status, page("Sandbox: cannot show this page", &format!("<p>{}</p>", escape(message)))).into_response()
}

/// Like [`radios`], with no option checked (for the second and later groups sharing a name).
pub fn radios_unchecked(name: &str, legend: &str, options: &[(String, String)]) -> String {
    radios(name, legend, options).replacen(" checked", "", 1)
}
