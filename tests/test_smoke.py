def test_tree(site_tree, staff_client):
    from guidance.models import MeasurePage
    for name, page in site_tree.pages.items():
        print(name, page.url, page.live, page.live_revision_id)
    m = MeasurePage.objects.get(pk=site_tree.measure.pk)
    for a in m.actions.all():
        print(a.pk, a.text, list(a.roles.all()))
    print(list(site_tree.duty.provisions.all()))
    print(list(site_tree.services[0].target_groups.all()))
    print(site_tree.routine.contacts.raw_data)
    r = staff_client.get(site_tree.measure.url)
    print(r.status_code)
