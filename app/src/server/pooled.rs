//! Pooled hiring: one announcement, one assessment and one ranked list from
//! which many agencies select. Staff keep the list of agencies, mark an
//! opening as pooled and assign each hiring manager to it for an agency.
//!
//! The pool's rules, on top of the transition table:
//! - a hiring manager selects for their agency; the application is then
//!   taken by it, and shown so to every other agency at once;
//! - once taken, only that agency's managers (and staff) move it;
//! - passing on a candidate is an agency's own business: on a pooled
//!   opening a manager cannot mark someone "not selected" for everyone.
//!
//! Two agencies selecting the same person at once race on the
//! application's version like any other move: exactly one wins.

use sqlx::{AnyConnection, Row as _};

use crate::api::pooled::Agency;
use crate::domain::account::Role;
use crate::domain::application::ApplicationEvent;
use crate::error::AppError;
use crate::server::auth::guard::{CurrentUser, require_role};
use crate::server::clock;
use crate::server::db::applications::Application;
use crate::server::request::{audit_success, internal, state};
use crate::server::workflow::MoveError;

/// The most agencies the program keeps (the list is shown whole).
pub const MAX_AGENCIES: i64 = 500;

/// How an agency's manager stands on an application of a pooled opening.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PoolStanding {
    /// The opening is pooled.
    pub pooled: bool,
    /// The agency the viewer acts for on this opening (managers only).
    pub agency: Option<(i64, String)>,
    /// The agency that selected the applicant, if one has.
    pub taken_by: Option<(i64, String)>,
}

impl PoolStanding {
    /// Why `event` by this viewer is refused by the pool's rules, if it is.
    /// Staff act for the program, not an agency, and are not confined.
    pub fn refusal(&self, staff: bool, event: ApplicationEvent) -> Option<String> {
        if !self.pooled || staff {
            return None;
        }
        let mine = self.agency.as_ref().map(|(id, _)| *id);
        if let Some((taken, name)) = &self.taken_by
            && Some(*taken) != mine
        {
            return Some(format!(
                "{name} has already selected this applicant from the shared list."
            ));
        }
        match event {
            ApplicationEvent::NotSelect => Some(
                "On a pooled opening the applicant stays on the shared list for the other agencies: leave them unselected instead."
                    .into(),
            ),
            ApplicationEvent::Select if mine.is_none() => Some(
                "Ask program staff to assign you to this pooled opening for your agency before you select."
                    .into(),
            ),
            // Selected by program staff, for no agency: the offer is theirs
            // to carry on with, not any one agency's.
            ApplicationEvent::ExtendOffer
            | ApplicationEvent::AcceptOffer
            | ApplicationEvent::DeclineOffer
            | ApplicationEvent::Hire
                if self.taken_by.is_none() =>
            {
                Some(
                    "Program staff selected this applicant for the program; ask them to carry the offer on."
                        .into(),
                )
            }
            _ => None,
        }
    }

    /// The moves left to the viewer once the pool's rules are applied.
    pub fn filter(&self, staff: bool, events: Vec<ApplicationEvent>) -> Vec<ApplicationEvent> {
        events
            .into_iter()
            .filter(|e| self.refusal(staff, *e).is_none())
            .collect()
    }
}

/// Whether the opening is pooled, and the agency `user_id` manages it for.
pub(crate) async fn opening_pool(
    conn: &mut AnyConnection,
    opening_id: i64,
    user_id: i64,
) -> Result<(bool, Option<(i64, String)>), sqlx::Error> {
    let row = sqlx::query(
        "SELECT o.pooled, g.id AS agency_id, g.name AS agency
         FROM openings o
         LEFT JOIN opening_managers m ON m.opening_id = o.id AND m.user_id = $2
         LEFT JOIN agencies g ON g.id = m.agency_id
         WHERE o.id = $1",
    )
    .bind(opening_id)
    .bind(user_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else {
        return Ok((false, None));
    };
    let agency = match row.try_get::<Option<i64>, _>("agency_id")? {
        Some(id) => Some((id, row.try_get::<String, _>("agency")?)),
        None => None,
    };
    Ok((row.try_get::<i64, _>("pooled")? == 1, agency))
}

/// Where `user` stands on `application` in its opening's pool.
pub(crate) async fn standing(
    conn: &mut AnyConnection,
    user: &CurrentUser,
    application: &Application,
) -> Result<PoolStanding, sqlx::Error> {
    let (pooled, agency) = opening_pool(conn, application.opening_id, user.user.id).await?;
    if !pooled {
        return Ok(PoolStanding::default());
    }
    let taken = sqlx::query(
        "SELECT g.id, g.name FROM applications a JOIN agencies g ON g.id = a.taken_by
         WHERE a.id = $1",
    )
    .bind(application.id)
    .fetch_optional(&mut *conn)
    .await?;
    let taken_by = match taken {
        Some(row) => Some((row.try_get("id")?, row.try_get("name")?)),
        None => None,
    };
    Ok(PoolStanding {
        pooled,
        agency,
        taken_by,
    })
}

/// Checks the pool's rules before `user` moves `application` by `event`;
/// the agency a selection takes the applicant for, if it is one.
pub(crate) async fn check_move(
    conn: &mut AnyConnection,
    user: &CurrentUser,
    application: &Application,
    event: ApplicationEvent,
) -> Result<Option<i64>, MoveError> {
    // Staff act for the program, not an agency: the pool never stops them
    // (and a referral list of hundreds costs no extra reads).
    if user.user.role == Role::Staff {
        return Ok(None);
    }
    let standing = standing(conn, user, application).await?;
    if let Some(why) = standing.refusal(false, event) {
        return Err(MoveError::NotAllowed(why));
    }
    Ok(match (standing.pooled, event, standing.agency) {
        (true, ApplicationEvent::Select, Some((agency, _))) => Some(agency),
        _ => None,
    })
}

/// Records that `agency_id` took the application (after the selection
/// itself won any race, in the same transaction).
pub(crate) async fn take(
    conn: &mut AnyConnection,
    application_id: i64,
    agency_id: i64,
) -> Result<(), MoveError> {
    let done =
        sqlx::query("UPDATE applications SET taken_by = $1 WHERE id = $2 AND taken_by IS NULL")
            .bind(agency_id)
            .bind(application_id)
            .execute(&mut *conn)
            .await?;
    if done.rows_affected() == 1 {
        Ok(())
    } else {
        Err(MoveError::Changed)
    }
}

pub(crate) async fn list_agencies(conn: &mut AnyConnection) -> Result<Vec<Agency>, sqlx::Error> {
    let rows = sqlx::query(&format!(
        "SELECT id, code, name FROM agencies ORDER BY name LIMIT {MAX_AGENCIES}"
    ))
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(Agency {
                id: row.try_get("id")?,
                code: row.try_get("code")?,
                name: row.try_get("name")?,
            })
        })
        .collect()
}

pub async fn agencies() -> Result<Vec<Agency>, AppError> {
    require_role(Role::Staff).await?;
    let state = state()?;
    let mut conn = state.db.pool().acquire().await.map_err(internal)?;
    list_agencies(&mut conn).await.map_err(internal)
}

/// An agency's code as typed: upper-cased; letters, digits and hyphens.
fn clean_code(code: &str) -> Result<String, String> {
    let code = code.trim().to_uppercase();
    if !(2..=12).contains(&code.chars().count())
        || !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        return Err(
            "Enter a code of 2 to 12 letters, digits or hyphens, such as DHS or DOD-ARMY.".into(),
        );
    }
    Ok(code)
}

/// An agency's name as typed, with its spaces tidied.
fn clean_name(name: &str) -> Result<String, String> {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if !(2..=120).contains(&name.chars().count()) {
        return Err("Enter the agency’s name, 2 to 120 characters.".into());
    }
    Ok(name)
}

pub async fn create_agency(code: &str, name: &str) -> Result<(), AppError> {
    let staff = require_role(Role::Staff).await?;
    let (code, name) = match (clean_code(code), clean_name(name)) {
        (Ok(code), Ok(name)) => (code, name),
        (code, name) => {
            let wrong = [("code", code.err()), ("name", name.err())];
            return Err(AppError::fields(
                wrong
                    .into_iter()
                    .filter_map(|(field, why)| Some((field.to_owned(), why?)))
                    .collect(),
            ));
        }
    };
    let state = state()?;
    let mut tx = state.db.begin_write().await.map_err(internal)?;
    let kept: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM agencies")
        .fetch_one(&mut *tx)
        .await
        .map_err(internal)?;
    if kept >= MAX_AGENCIES {
        return Err(AppError::field(
            "code",
            format!("The portal keeps at most {MAX_AGENCIES} agencies."),
        ));
    }
    let taken = sqlx::query_scalar::<_, String>(
        "SELECT code FROM agencies WHERE code = $1 OR LOWER(name) = LOWER($2) LIMIT 1",
    )
    .bind(&code)
    .bind(&name)
    .fetch_optional(&mut *tx)
    .await
    .map_err(internal)?;
    if let Some(existing) = taken {
        return Err(if existing == code {
            AppError::field("code", "An agency already has this code.")
        } else {
            AppError::field("name", "An agency already has this name.")
        });
    }
    // Another member of staff may have added the same agency since the
    // check above (PostgreSQL runs the two at once): refused the same way.
    let added = sqlx::query(
        "INSERT INTO agencies (code, name, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
    )
    .bind(&code)
    .bind(&name)
    .bind(clock::to_text(clock::now()))
    .execute(&mut *tx)
    .await
    .map_err(internal)?;
    if added.rows_affected() == 0 {
        return Err(AppError::field(
            "code",
            "An agency already has this code or name.",
        ));
    }
    let detail = serde_json::json!({ "code": code, "name": name }).to_string();
    audit_success(
        &mut tx,
        &staff,
        "agency.create",
        &format!("agency:{code}"),
        Some(&detail),
    )
    .await?;
    tx.commit().await.map_err(internal)?;
    leptos_axum::redirect("/admin/agencies?saved=1");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ApplicationEvent as E;

    fn pool(agency: Option<i64>, taken: Option<i64>) -> PoolStanding {
        let named = |id: i64| (id, format!("Agency {id}"));
        PoolStanding {
            pooled: true,
            agency: agency.map(named),
            taken_by: taken.map(named),
        }
    }

    #[test]
    fn an_applicant_taken_by_one_agency_is_closed_to_the_others() {
        let refusal = pool(Some(2), Some(1)).refusal(false, E::Select).unwrap();
        assert!(
            refusal.contains("Agency 1 has already selected"),
            "{refusal}"
        );
        assert!(
            pool(Some(2), Some(1))
                .refusal(false, E::Interview)
                .is_some()
        );
        assert_eq!(pool(Some(1), Some(1)).refusal(false, E::Select), None);
        assert_eq!(pool(Some(2), Some(1)).refusal(true, E::Select), None);
    }

    #[test]
    fn selecting_needs_an_agency_and_passing_is_not_for_everyone() {
        assert!(pool(None, None).refusal(false, E::Select).is_some());
        assert_eq!(pool(Some(3), None).refusal(false, E::Select), None);
        assert!(pool(Some(3), None).refusal(false, E::NotSelect).is_some());
        assert_eq!(pool(None, None).refusal(false, E::Interview), None);
        assert_eq!(
            pool(Some(3), None).filter(false, vec![E::Interview, E::Select, E::NotSelect]),
            vec![E::Interview, E::Select]
        );
    }

    #[test]
    fn an_offer_after_staffs_selection_is_left_to_staff() {
        // Staff selected (no agency took the applicant): no agency's
        // manager carries the offer on, staff do.
        for event in [E::ExtendOffer, E::AcceptOffer, E::DeclineOffer, E::Hire] {
            assert!(
                pool(Some(3), None).refusal(false, event).is_some(),
                "{event:?}"
            );
            assert_eq!(pool(Some(3), None).refusal(true, event), None);
            // The agency that selected carries its own offer on.
            assert_eq!(pool(Some(3), Some(3)).refusal(false, event), None);
        }
    }

    #[test]
    fn openings_that_are_not_pooled_keep_the_table_alone() {
        let alone = PoolStanding::default();
        assert_eq!(alone.refusal(false, E::NotSelect), None);
        assert_eq!(alone.refusal(false, E::Select), None);
    }

    #[test]
    fn agency_codes_and_names_are_tidied_or_refused() {
        assert_eq!(clean_code(" dhs ").unwrap(), "DHS");
        assert_eq!(clean_code("dod-army").unwrap(), "DOD-ARMY");
        assert!(clean_code("D").is_err());
        assert!(clean_code("DHS CISA").is_err());
        assert_eq!(
            clean_name("  Department of   Energy ").unwrap(),
            "Department of Energy"
        );
        assert!(clean_name("x").is_err());
    }
}
