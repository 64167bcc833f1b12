//! Page links for long lists, and the URL encoding they need.

use leptos::prelude::*;

/// Percent-encodes a value for a query string.
pub fn urlencode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A query string of the filled-in fields (empty ones left out), for links
/// that keep a list's filters.
pub fn query_string(fields: &[(&str, &String)]) -> String {
    fields
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", urlencode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// "Previous", "Page 2 of 9", "Next", in the USWDS pagination style.
/// `href(n)` is the link to page `n`. Nothing when there is one page.
#[component]
pub fn Pager(
    /// What the pages are of, for screen readers ("Pages of results").
    label: &'static str,
    page: u32,
    pages: u32,
    href: impl Fn(u32) -> String,
) -> impl IntoView {
    (pages > 1).then(|| {
        let prev = (page > 1).then(|| href(page - 1));
        let next = (page < pages).then(|| href(page + 1));
        view! {
            <nav aria-label=label class="usa-pagination">
                <ul class="usa-pagination__list">
                    {prev
                        .map(|href| {
                            view! {
                                <li class="usa-pagination__item usa-pagination__arrow">
                                    <a href=href rel="prev" class="usa-pagination__link usa-pagination__previous-page">
                                        "Previous"
                                    </a>
                                </li>
                            }
                        })}
                    <li class="usa-pagination__item" aria-current="page">
                        {format!("Page {page} of {pages}")}
                    </li>
                    {next
                        .map(|href| {
                            view! {
                                <li class="usa-pagination__item usa-pagination__arrow">
                                    <a href=href rel="next" class="usa-pagination__link usa-pagination__next-page">
                                        "Next"
                                    </a>
                                </li>
                            }
                        })}
                </ul>
            </nav>
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_values_are_percent_encoded() {
        assert_eq!(urlencode("a b&c=d/é"), "a%20b%26c%3Dd%2F%C3%A9");
        assert_eq!(urlencode("Plain-1.2_~"), "Plain-1.2_~");
    }
}
