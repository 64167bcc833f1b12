//! The work behind the staff account-management server functions. Every
//! function checks for the staff role first.

use sqlx::Row as _;

use crate::api::admin::{USERS_PER_PAGE, UserPage, UserRow};
use crate::domain::account::Role;
use crate::error::AppError;
use crate::server::auth::guard::{CurrentUser, require_role};
use crate::server::auth::session::delete_user_sessions;
use crate::server::clock;
use crate::server::db::users::{User, find_user};
use crate::server::request::{audit_success, internal, state};

pub async fn list_users(query: &str, page: u32) -> Result<UserPage, AppError> {
    require_role(Role::Staff).await?;
    let state = state()?;
    let query = query.trim();
    if query.chars().count() > 200 {
        return Err(AppError::field(
            "query",
            "Search for at most 200 characters.",
        ));
    }
    if query.chars().any(char::is_control) {
        return Err(AppError::field(
            "query",
            "Search for letters, digits and punctuation only.",
        ));
    }
    let pattern = crate::server::db::contains_pattern(query);
    let mut conn = state.db.pool().acquire().await.map_err(internal)?;
    let total: i64 = sqlx::query(
        "SELECT COUNT(*) AS n FROM users
         WHERE email LIKE $1 ESCAPE '\\' OR LOWER(name) LIKE $1 ESCAPE '\\'",
    )
    .bind(&pattern)
    .fetch_one(&mut *conn)
    .await
    .map_err(internal)?
    .try_get("n")
    .map_err(internal)?;
    let pages = (total.max(1) as u64).div_ceil(u64::from(USERS_PER_PAGE)) as u32;
    let page = page.clamp(1, pages);
    let rows = sqlx::query(
        "SELECT id, email, name, role, verified_at, disabled_at FROM users
         WHERE email LIKE $1 ESCAPE '\\' OR LOWER(name) LIKE $1 ESCAPE '\\'
         ORDER BY email LIMIT $2 OFFSET $3",
    )
    .bind(&pattern)
    .bind(i64::from(USERS_PER_PAGE))
    .bind(i64::from((page - 1) * USERS_PER_PAGE))
    .fetch_all(&mut *conn)
    .await
    .map_err(internal)?;
    let users = rows
        .iter()
        .map(|row| -> Result<UserRow, sqlx::Error> {
            let role: String = row.try_get("role")?;
            Ok(UserRow {
                id: row.try_get("id")?,
                email: row.try_get("email")?,
                name: row.try_get("name")?,
                role: role
                    .parse()
                    .map_err(|e: String| sqlx::Error::Decode(e.into()))?,
                verified: row.try_get::<Option<String>, _>("verified_at")?.is_some(),
                disabled: row.try_get::<Option<String>, _>("disabled_at")?.is_some(),
            })
        })
        .collect::<Result<_, _>>()
        .map_err(internal)?;
    Ok(UserPage {
        users,
        total,
        page,
        pages,
    })
}

async fn audit_change(
    conn: &mut sqlx::AnyConnection,
    staff: &CurrentUser,
    target: &User,
    action: &str,
    before: serde_json::Value,
    after: serde_json::Value,
) -> Result<(), AppError> {
    let detail = serde_json::json!({ "before": before, "after": after }).to_string();
    audit_success(conn, staff, action, target.email.as_str(), Some(&detail)).await
}

pub async fn set_role(user_id: i64, role: Role) -> Result<(), AppError> {
    let staff = require_role(Role::Staff).await?;
    if user_id == staff.user.id {
        return Err(AppError::Conflict(
            "You can’t change your own role. Ask another staff member.".into(),
        ));
    }
    let state = state()?;
    let mut tx = state.db.begin_write().await.map_err(internal)?;
    let target = find_user(&mut tx, user_id)
        .await
        .map_err(internal)?
        .ok_or(AppError::NotFound)?;
    if target.role != role {
        sqlx::query("UPDATE users SET role = $1, updated_at = $2 WHERE id = $3")
            .bind(role.as_str())
            .bind(clock::to_text(clock::now()))
            .bind(user_id)
            .execute(&mut *tx)
            .await
            .map_err(internal)?;
        // A new role means a new sign-in (and a new session token).
        delete_user_sessions(&mut tx, user_id, None)
            .await
            .map_err(internal)?;
        audit_change(
            &mut tx,
            &staff,
            &target,
            "account.role",
            serde_json::json!({ "role": target.role.as_str() }),
            serde_json::json!({ "role": role.as_str() }),
        )
        .await?;
    }
    tx.commit().await.map_err(internal)?;
    leptos_axum::redirect("/admin/users?saved=1");
    Ok(())
}

pub async fn set_disabled(user_id: i64, disabled: bool) -> Result<(), AppError> {
    let staff = require_role(Role::Staff).await?;
    if user_id == staff.user.id {
        return Err(AppError::Conflict(
            "You can’t disable your own account.".into(),
        ));
    }
    let state = state()?;
    let mut tx = state.db.begin_write().await.map_err(internal)?;
    let target = find_user(&mut tx, user_id)
        .await
        .map_err(internal)?
        .ok_or(AppError::NotFound)?;
    if target.disabled != disabled {
        let at = disabled.then(|| clock::to_text(clock::now()));
        sqlx::query("UPDATE users SET disabled_at = $1, updated_at = $2 WHERE id = $3")
            .bind(at)
            .bind(clock::to_text(clock::now()))
            .bind(user_id)
            .execute(&mut *tx)
            .await
            .map_err(internal)?;
        if disabled {
            delete_user_sessions(&mut tx, user_id, None)
                .await
                .map_err(internal)?;
        }
        audit_change(
            &mut tx,
            &staff,
            &target,
            if disabled {
                "account.disable"
            } else {
                "account.enable"
            },
            serde_json::json!({ "disabled": target.disabled }),
            serde_json::json!({ "disabled": disabled }),
        )
        .await?;
    }
    tx.commit().await.map_err(internal)?;
    leptos_axum::redirect("/admin/users?saved=1");
    Ok(())
}
