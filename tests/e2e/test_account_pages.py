"""The desk's account screens in a real browser: the admin's Users screen (disable,
enable, role, set a password), "My password" for every staff member, and a desk whose
login ends (logged out, disabled) falls back to the login form by itself."""

from playwright.sync_api import expect

from tests.e2e.desk_helpers import log_in
from tests.e2e.test_accounts import log_in as api_log_in
from tests.e2e.test_accounts import me, new_user


def test_an_admin_disables_enables_promotes_and_sets_a_password_on_the_users_screen(
    stack, open_page, screenshot
):
    user = new_user(stack)
    name = user["username"]
    token = api_log_in(stack, name).json()["access_token"]
    page = open_page("/desk")
    log_in(page, "admin", "admin-demo-pass")
    page.click("nav >> text=Users")
    page.wait_for_selector(f"[data-state={name}]")
    expect(page.locator(f"[data-state={name}]")).to_have_text("active")
    page.click(f"[data-toggle={name}]")
    expect(page.locator(f"[data-state={name}]")).to_have_text("disabled")
    assert me(stack, token).status_code == 401  # its token ended with it
    assert api_log_in(stack, name).status_code == 401
    page.click(f"[data-toggle={name}]")
    expect(page.locator(f"[data-state={name}]")).to_have_text("active")
    page.select_option(f"[data-role={name}]", "supervisor")
    expect(page.locator("[role=status]")).to_contain_text("role supervisor")
    screenshot(page, "desk-users")
    page.click(f"[data-reset={name}]")
    page.fill("[data-reset-form] input[name=new-password]", "short")
    page.click("[data-reset-form] button[type=submit]")
    expect(page.locator("[data-reset-form] .field-error")).to_contain_text("at least 10")
    page.fill("[data-reset-form] input[name=new-password]", "reset-by-admin-9")
    page.click("[data-reset-form] button[type=submit]")
    expect(page.locator("[role=status]")).to_contain_text("new password set")
    answer = api_log_in(stack, name, "reset-by-admin-9")
    assert answer.status_code == 200 and answer.json()["role"] == "supervisor"


def test_an_agent_sees_no_users_screen_and_changes_their_own_password(stack, open_page):
    user = new_user(stack)
    page = open_page("/desk")
    log_in(page, user["username"], "first-password-1")
    expect(page.locator("nav >> text=Users")).to_have_count(0)
    page.click("nav >> text=My password")
    page.fill("input[name=old_password]", "not-my-password")
    page.fill("input[name=new_password]", "my-own-new-password")
    page.fill("input[name=again]", "my-own-new-password")
    page.click("[data-view=password] button[type=submit]")
    expect(page.locator("[data-view=password] .field-error")).to_have_text("wrong password")
    page.fill("input[name=old_password]", "first-password-1")
    page.fill("input[name=new_password]", "my-own-new-password")
    page.fill("input[name=again]", "my-own-new-password")
    page.click("[data-view=password] button[type=submit]")
    expect(page.locator("[data-view=password] [role=status]")).to_contain_text("Your password is changed")
    page.wait_for_selector("[data-live=on]")  # this login stays
    assert api_log_in(stack, user["username"], "my-own-new-password").status_code == 200


def test_a_disabled_agents_open_desk_returns_to_the_login_form_by_itself(stack, open_page):
    user = new_user(stack)
    page = open_page("/desk")
    log_in(page, user["username"], "first-password-1")
    r = stack.request("PATCH", f"/api/users/{user['id']}", role="admin", json={"disabled": True})
    assert r.status_code == 200
    # no click: the live stream ends with logged_out at its next check (a few seconds)
    page.wait_for_selector("form.login", timeout=15_000)
    assert page.evaluate("localStorage.getItem('crm-desk-token')") is None


def test_log_out_ends_the_token_on_the_server(stack, open_page):
    user = new_user(stack)
    page = open_page("/desk")
    log_in(page, user["username"], "first-password-1")
    token = page.evaluate("localStorage.getItem('crm-desk-token')")
    assert me(stack, token).status_code == 200
    page.click("header >> text=Log out")
    page.wait_for_selector("form.login")
    assert me(stack, token).status_code == 401


def test_the_docs_page_works_under_its_content_policy(stack, open_page):
    page = open_page("/desk")
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(stack.url("/api/docs"))
    page.wait_for_selector(".swagger-ui .info .title")
    page.wait_for_selector(".opblock-tag-section")  # the operations, read from /api/openapi.json
    assert refused == []
