//! `/admin/reports`: the program's numbers for staff. Each section has a
//! real table (caption, scoped headers) and a CSV download; the funnel,
//! the time in each stage against the 80-day goal and the challenge pass
//! rates are also drawn as server-rendered SVG charts. Works without
//! JavaScript: the applicants-by-opening pages are plain links.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::reports::{
    CSV_MAX_FLAGS, CSV_MAX_OPENINGS, FLAGS_LISTED, FUNNEL, GOAL_DAYS, MAX_STAYS, OPENINGS_PER_PAGE,
    OpeningsPage, ProgramNumbers, ReportTable, openings_report, program_report,
};
use crate::components::chart::{Bar, BarChart, Goal};
use crate::components::pager::Pager;
use crate::components::refused;
use crate::domain::stats::{SECONDS_PER_DAY, days_text, grouped, nice_ceiling};

/// The CSV link under a table.
fn download(table: ReportTable) -> impl IntoView {
    view! {
        <p>
            <a class="usa-link" href=table.href() download="">
                {format!("Download {} (CSV)", table.label())}
            </a>
        </p>
    }
}

fn plural(n: i64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// "3.5 days", or a dash when nothing was measured.
fn days_or_dash(seconds: Option<i64>) -> String {
    seconds.map_or_else(|| "—".to_owned(), |s| format!("{} days", days_text(s)))
}

#[component]
pub fn ReportsPage() -> impl IntoView {
    let query = use_query_map();
    let page = move || {
        query
            .read()
            .get("page")
            .and_then(|p| p.parse::<u32>().ok())
            .unwrap_or(1)
    };
    let numbers = Resource::new(|| (), |_| program_report());
    let openings = Resource::new(page, openings_report);
    view! {
        <Title text="Program reports" />
        <h1>"Program reports"</h1>
        <Suspense fallback=|| view! { <p>"Loading the program’s numbers…"</p> }>
            {move || Suspend::new(async move {
                let numbers = numbers.await;
                let openings = openings.await;
                match (numbers, openings) {
                    (Err(error), _) | (_, Err(error)) => refused(error, "/admin/reports"),
                    (Ok(numbers), Ok(openings)) => {
                        view! {
                            <p class="usa-intro">
                                {format!(
                                    "The program’s numbers as of {}. Each table downloads as a CSV file.",
                                    numbers.generated_at,
                                )}
                            </p>
                            <OpeningStates numbers=numbers.clone() />
                            <Funnel numbers=numbers.clone() />
                            <ByOpening openings />
                            <TimeInStage numbers=numbers.clone() />
                            <PassRates numbers=numbers.clone() />
                            <Flags numbers=numbers.clone() />
                            <WorkRoles numbers />
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn OpeningStates(numbers: ProgramNumbers) -> impl IntoView {
    let total: i64 = numbers.opening_states.iter().map(|s| s.openings).sum();
    view! {
        <section aria-labelledby="opening-states">
            <h2 id="opening-states">"Openings by state"</h2>
            <p>
                {format!(
                    "{} in all. Scheduled openings are published and open on a later date.",
                    plural(total, "opening", "openings"),
                )}
            </p>
            <table class="usa-table usa-table--borderless">
                <caption>"Openings by state"</caption>
                <thead>
                    <tr>
                        <th scope="col">"State"</th>
                        <th scope="col">"Openings"</th>
                    </tr>
                </thead>
                <tbody>
                    {numbers
                        .opening_states
                        .into_iter()
                        .map(|s| {
                            view! {
                                <tr>
                                    <th scope="row">{s.state}</th>
                                    <td>{s.openings}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
            {download(ReportTable::OpeningStates)}
        </section>
    }
}

#[component]
fn Funnel(numbers: ProgramNumbers) -> impl IntoView {
    let reached = |status| {
        numbers
            .funnel
            .iter()
            .find(|s| s.status == status)
            .map_or(0, |s| s.reached)
    };
    let bars: Vec<Bar> = FUNNEL
        .iter()
        .map(|status| {
            let n = reached(*status);
            Bar {
                label: status.label().to_owned(),
                value: n,
                text: n.to_string(),
            }
        })
        .collect();
    let max = nice_ceiling(bars.iter().map(|b| b.value).max().unwrap_or(0));
    let description = format!(
        "Applications that reached each step: {}. The table below has the same numbers.",
        bars.iter()
            .map(|b| format!("{} {}", b.label, b.value))
            .collect::<Vec<_>>()
            .join(", "),
    );
    view! {
        <section aria-labelledby="funnel">
            <h2 id="funnel">"Applicants through the workflow"</h2>
            <p>
                {format!(
                    "{} submitted. “Reached” counts the applications that ever entered a status; steps can be skipped (an opening without an assessment goes from received to qualified, a manager can select without an interview), so a later bar can be longer than an earlier one.",
                    plural(numbers.applications, "application", "applications"),
                )}
            </p>
            <BarChart
                id="funnel-chart"
                title="How far applications got".to_owned()
                description
                bars
                max
            />
            <table class="usa-table usa-table--borderless">
                <caption>"Applications by status"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Status"</th>
                        <th scope="col">"Reached"</th>
                        <th scope="col">"There now"</th>
                    </tr>
                </thead>
                <tbody>
                    {numbers
                        .funnel
                        .into_iter()
                        .map(|s| {
                            view! {
                                <tr>
                                    <th scope="row">{s.status.label()}</th>
                                    <td>{s.reached}</td>
                                    <td>{s.now}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
            {download(ReportTable::Funnel)}
        </section>
    }
}

#[component]
fn ByOpening(openings: OpeningsPage) -> impl IntoView {
    let rows = (!openings.rows.is_empty()).then(|| {
        view! {
            <table class="usa-table usa-table--borderless usa-table--stacked usa-table--compact width-full">
                <caption>"Applicants by opening, the most applicants first"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Opening"</th>
                        <th scope="col">"State"</th>
                        <th scope="col">"Applicants"</th>
                        {FUNNEL
                            .iter()
                            .skip(1)
                            .map(|s| view! { <th scope="col">{s.label()}</th> })
                            .collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {openings
                        .rows
                        .into_iter()
                        .map(|o| {
                            view! {
                                <tr>
                                    <th scope="row" data-label="Opening">
                                        <a href=format!("/manage/openings/{}", o.id)>{o.title}</a>
                                    </th>
                                    <td data-label="State">{o.state}</td>
                                    <td data-label="Applicants">{o.applicants}</td>
                                    {FUNNEL
                                        .iter()
                                        .zip(o.reached)
                                        .skip(1)
                                        .map(|(s, n)| view! { <td data-label=s.label()>{n}</td> })
                                        .collect_view()}
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        }
    });
    view! {
        <section aria-labelledby="by-opening">
            <h2 id="by-opening">"Applicants by opening"</h2>
            <p>
                {format!(
                    "{} left draft. The most applicants come first, {OPENINGS_PER_PAGE} to a page; each step counts the applicants who ever reached it. The CSV file holds up to {} openings.",
                    plural(openings.total, "opening has", "openings have"),
                    grouped(CSV_MAX_OPENINGS),
                )}
            </p>
            {rows}
            <Pager
                label="Pages of openings"
                page=openings.page
                pages=openings.pages
                href=|n| format!("/admin/reports?page={n}#by-opening")
            />
            {download(ReportTable::Openings)}
        </section>
    }
}

#[component]
fn TimeInStage(numbers: ProgramNumbers) -> impl IntoView {
    let hire = numbers.time_to_hire.clone();
    let mut bars: Vec<Bar> = numbers
        .stage_times
        .iter()
        .filter_map(|t| {
            t.median_seconds.map(|s| Bar {
                label: t.status.label().to_owned(),
                value: s,
                text: format!("{} days", days_text(s)),
            })
        })
        .collect();
    if let Some(s) = hire.median_seconds {
        bars.push(Bar {
            label: "Received to hired".to_owned(),
            value: s,
            text: format!("{} days", days_text(s)),
        });
    }
    let longest_days = bars.iter().map(|b| b.value).max().unwrap_or(0) / SECONDS_PER_DAY + 1;
    let max = nice_ceiling(longest_days.max(GOAL_DAYS)) * SECONDS_PER_DAY;
    let chart = (!bars.is_empty()).then(|| {
        let description = format!(
            "Median days in each stage, and from received to hired, against the {GOAL_DAYS}-day goal: {}. The tables below have the same numbers.",
            bars.iter()
                .map(|b| format!("{} {}", b.label, b.text))
                .collect::<Vec<_>>()
                .join(", "),
        );
        view! {
            <BarChart
                id="time-chart"
                title=format!("Median time in each stage against the {GOAL_DAYS}-day goal")
                description
                bars
                max
                goal=Goal {
                    value: GOAL_DAYS * SECONDS_PER_DAY,
                    label: format!("{GOAL_DAYS}-day goal"),
                }
            />
        }
    });
    let capped = numbers.stage_times_capped.then(|| {
        format!(
            " Medians are over the {} most recent stays.",
            grouped(MAX_STAYS)
        )
    });
    view! {
        <section aria-labelledby="time-in-stage">
            <h2 id="time-in-stage">"Time in each stage"</h2>
            <p>
                "From the application history: how long applications stayed in a status before they moved on (stays still going are not counted), and how long hires took from being received to being hired, against the program’s "
                {GOAL_DAYS}
                "-day goal."
                {capped}
            </p>
            {chart}
            <table class="usa-table usa-table--borderless">
                <caption>"Median time in each stage"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Stage"</th>
                        <th scope="col">"Completed stays"</th>
                        <th scope="col">"Median"</th>
                    </tr>
                </thead>
                <tbody>
                    {numbers
                        .stage_times
                        .into_iter()
                        .map(|t| {
                            view! {
                                <tr>
                                    <th scope="row">{t.status.label()}</th>
                                    <td>{t.stays}</td>
                                    <td>{days_or_dash(t.median_seconds)}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
            {download(ReportTable::StageTimes)}
            <h3>"Time to hire"</h3>
            <table class="usa-table usa-table--borderless">
                <caption>{format!("Time to hire against the {GOAL_DAYS}-day goal")}</caption>
                <tbody>
                    <tr>
                        <th scope="row">"Hires"</th>
                        <td>{hire.hires}</td>
                    </tr>
                    <tr>
                        <th scope="row">"Median time from received to hired"</th>
                        <td>{days_or_dash(hire.median_seconds)}</td>
                    </tr>
                    <tr>
                        <th scope="row">{format!("Hired within {GOAL_DAYS} days")}</th>
                        <td>{hire.within_goal}</td>
                    </tr>
                    <tr>
                        <th scope="row">"Share of hires within the goal"</th>
                        <td>
                            {hire
                                .share_within_goal
                                .map_or_else(|| "—".to_owned(), |p| format!("{p}%"))}
                        </td>
                    </tr>
                </tbody>
            </table>
            {download(ReportTable::TimeToHire)}
        </section>
    }
}

#[component]
fn PassRates(numbers: ProgramNumbers) -> impl IntoView {
    let bars: Vec<Bar> = numbers
        .challenges
        .iter()
        .filter_map(|c| {
            c.pass_rate.map(|rate| Bar {
                label: c.title.clone(),
                value: rate,
                text: format!("{rate}% ({} of {})", c.solved, c.sittings),
            })
        })
        .collect();
    let chart = (!bars.is_empty()).then(|| {
        let description = format!(
            "Share of sittings that solved each challenge: {}. The table below has the same numbers.",
            bars.iter()
                .map(|b| format!("{} {}", b.label, b.text))
                .collect::<Vec<_>>()
                .join(", "),
        );
        view! {
            <BarChart
                id="pass-chart"
                title="Challenge pass rates".to_owned()
                description
                bars
                max=100
            />
        }
    });
    let table = (!numbers.challenges.is_empty()).then(|| {
        view! {
            <table class="usa-table usa-table--borderless usa-table--stacked">
                <caption>"Challenge pass rates"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Challenge"</th>
                        <th scope="col">"Sittings"</th>
                        <th scope="col">"Attempts"</th>
                        <th scope="col">"Solved"</th>
                        <th scope="col">"Pass rate"</th>
                    </tr>
                </thead>
                <tbody>
                    {numbers
                        .challenges
                        .into_iter()
                        .map(|c| {
                            view! {
                                <tr>
                                    <th scope="row" data-label="Challenge">{c.title}</th>
                                    <td data-label="Sittings">{c.sittings}</td>
                                    <td data-label="Attempts">{c.attempts}</td>
                                    <td data-label="Solved">{c.solved}</td>
                                    <td data-label="Pass rate">
                                        {c
                                            .pass_rate
                                            .map_or_else(|| "Not taken yet".to_owned(), |p| format!("{p}%"))}
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        }
    });
    view! {
        <section aria-labelledby="pass-rates">
            <h2 id="pass-rates">"Challenge pass rates"</h2>
            <p>
                "Per challenge of the library: the sittings (started assessments) that included it, the answers given, and the sittings that solved it."
            </p>
            {chart}
            {match table {
                Some(table) => table.into_any(),
                None => view! { <p>"The library has no challenges yet."</p> }.into_any(),
            }}
            {download(ReportTable::Challenges)}
        </section>
    }
}

#[component]
fn Flags(numbers: ProgramNumbers) -> impl IntoView {
    let f = numbers.flags;
    let table = (!f.recent.is_empty()).then(|| {
        view! {
            <table class="usa-table usa-table--borderless usa-table--stacked">
                <caption>"The most recent integrity flags"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Application"</th>
                        <th scope="col">"Opening"</th>
                        <th scope="col">"Challenge"</th>
                        <th scope="col">"Flag"</th>
                        <th scope="col">"Flagged (UTC)"</th>
                    </tr>
                </thead>
                <tbody>
                    {f.recent
                        .into_iter()
                        .map(|r| {
                            view! {
                                <tr>
                                    <th scope="row" data-label="Application">
                                        <a href=format!("/manage/applications/{}", r.public_id)>{r.number}</a>
                                    </th>
                                    <td data-label="Opening">{r.opening}</td>
                                    <td data-label="Challenge">{r.challenge}</td>
                                    <td data-label="Flag">{r.kind}</td>
                                    <td data-label="Flagged (UTC)">{r.flagged_at}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        }
    });
    view! {
        <section aria-labelledby="integrity">
            <h2 id="integrity">"Integrity flags"</h2>
            <p>
                {format!(
                    "{} on {} from {}. A flag is an answer that belongs to another candidate’s generated file. The {FLAGS_LISTED} most recent are listed; the CSV file holds up to {}.",
                    plural(f.flags, "flag", "flags"),
                    plural(f.applications, "application", "applications"),
                    plural(f.candidates, "candidate", "candidates"),
                    grouped(CSV_MAX_FLAGS),
                )}
            </p>
            {table}
            {download(ReportTable::IntegrityFlags)}
        </section>
    }
}

#[component]
fn WorkRoles(numbers: ProgramNumbers) -> impl IntoView {
    let table = (!numbers.work_roles.is_empty()).then(|| {
        view! {
            <table class="usa-table usa-table--borderless usa-table--stacked">
                <caption>"Openings, applicants and hires per NICE work role"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Work role"</th>
                        <th scope="col">"Openings"</th>
                        <th scope="col">"Applicants"</th>
                        <th scope="col">"Hires"</th>
                    </tr>
                </thead>
                <tbody>
                    {numbers
                        .work_roles
                        .into_iter()
                        .map(|r| {
                            view! {
                                <tr>
                                    <th scope="row" data-label="Work role">
                                        {r.name}
                                        <br />
                                        <span class="text-base-dark">{r.id}</span>
                                    </th>
                                    <td data-label="Openings">{r.openings}</td>
                                    <td data-label="Applicants">{r.applicants}</td>
                                    <td data-label="Hires">{r.hires}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        }
    });
    view! {
        <section aria-labelledby="work-roles">
            <h2 id="work-roles">"NICE work roles"</h2>
            <p>
                "Openings that have left draft, their applicants and their hires, per NICE Workforce Framework work role. An opening with two work roles counts for both."
            </p>
            {table}
            {download(ReportTable::WorkRoles)}
        </section>
    }
}
