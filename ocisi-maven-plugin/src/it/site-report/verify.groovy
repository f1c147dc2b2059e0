def logs = new File(basedir, 'build.log').text
assert logs.contains('Generating "ocisi images" report')
assert logs.contains('Report: target/ocisi/report.html')
def site = new File(basedir, 'target/site/ocisi.html').text
def page = new File(basedir, 'target/ocisi/report.html').text
[site, page].each { html ->
    assert html.count('<g class="node image stale"') == 3 : 'three images, stale: none is built'
    assert html.contains('data-image="ocisi-site-tool-dx:latest"')
    assert html.contains('<g class="node external"><title>external base localhost/ocisi-site-never-built:1</title>')
    assert html.contains('No image of the hierarchy is in the stores yet.')
    assert html.contains('No process run is recorded for this hierarchy.')
    assert !html.contains('<script') || html.is(site) : 'the page of its own loads no script'
}
assert page.startsWith('<!DOCTYPE html>')
assert site.contains('<svg class="tree"')
return true
