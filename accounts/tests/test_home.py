"""Each role's home page shows real data for that role."""

from django.urls import reverse

from core.roles import Role


def home(client, user):
    client.force_login(user)
    response = client.get(reverse("staff:home"))
    assert response.status_code == 200
    return response.content.decode()


def test_a_department_sees_its_own_measures_only(client, city):
    html = home(client, city.users[Role.DEPARTMENT])  # 住宅政策課
    assert "担当する取組（2件）" in html
    assert "セーフティネット住宅の登録促進" in html
    assert "広報啓発" not in html  # 生活安全課's measure


def test_the_secretariat_sees_the_shape_of_the_plan(client, city):
    html = home(client, city.users[Role.SECRETARIAT])
    assert "計画の構成" in html
    assert "住居の確保" in html
    assert "計画を編集する" in html


def test_a_department_of_kumamoto_sees_its_measures(client, kumamoto):
    from conftest import make_role_users
    from plans.models import Department

    safety = Department.objects.get(local_government=kumamoto.local_government, name="生活安全課")
    housing = Department.objects.get(local_government=kumamoto.local_government, name="住宅政策課")
    users = make_role_users(
        kumamoto.local_government, secretariat_department=safety, own_department=housing
    )
    html = home(client, users[Role.DEPARTMENT])
    assert "担当する取組（8件）" in html  # 住宅政策課: 2-1-1 … 2-1-8 of the plan


def test_an_employer_sees_the_measures_about_cooperating_employers(client, kumamoto):
    from conftest import make_role_users
    from plans.models import Department

    safety = Department.objects.get(local_government=kumamoto.local_government, name="生活安全課")
    housing = Department.objects.get(local_government=kumamoto.local_government, name="住宅政策課")
    users = make_role_users(
        kumamoto.local_government, secretariat_department=safety, own_department=housing
    )
    html = home(client, users[Role.EMPLOYER])
    assert "「雇用主」に関わる市の取組" in html
    assert "協力雇用主" in html


def test_a_system_admin_sees_the_local_governments(client, city):
    html = home(client, city.users[Role.SYSTEM_ADMIN])
    assert "テスト市（架空）" in html and "999991" in html
