"""Run axe-core (npm's `axe-core`) in a Playwright page and keep what blocks a reader.

axe is evaluated through the DevTools protocol (`page.evaluate`), which the page's
Content-Security-Policy does not govern: no `bypass_csp`, no inline <script> that the
site's strict CSP would rightly refuse (`page.add_script_tag` is refused by it).
"""

from pathlib import Path

from django.conf import settings

AXE_JS = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING_IMPACTS = frozenset({"serious", "critical"})


def _axe_source():
    assert AXE_JS.exists(), f"{AXE_JS} manque : lancez `make node-tools` (npm ci)."
    # The trailing expression keeps Playwright from calling whatever the file evaluates to.
    return AXE_JS.read_text(encoding="utf-8") + "\n;undefined"


def install_axe(context):
    """Load axe in every page the browser context opens, as the document starts: cheaper
    than sending the 650 kB script again after each navigation (sweeps of many pages).
    Like `page.evaluate`, it comes through the DevTools protocol, outside the CSP."""
    context.add_init_script(script=_axe_source())


def axe_violations(page, impacts=BLOCKING_IMPACTS, known=None):
    """axe's violations of the given impacts on the page as it is now (WCAG 2.x A/AA rules
    and axe's best practices).

    `known` maps a rule id to a CSS selector of elements where that one rule is a known,
    documented defect of third-party markup; every other rule still applies there.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe_source())
    violations = page.evaluate(
        """async (known) => {
            // Icon fonts (the prose editor's toolbar) turn ligatures such as "format_bold"
            // into icons; axe recognises them only once the font has loaded.
            await document.fonts.ready;
            const results = await window.axe.run(document, {resultTypes: ['violations']});
            const isKnown = (rule, node) => known[rule] && typeof node.target[0] === 'string'
                && document.querySelector(node.target[0])?.matches(known[rule]);
            return results.violations
                .map(v => ({...v, nodes: v.nodes.filter(node => !isKnown(v.id, node))}))
                .filter(v => v.nodes.length);
        }""",
        known or {},
    )
    return [violation for violation in violations if violation["impact"] in impacts]


def describe(violations):
    """One readable line per failing element, for assertion messages."""
    lines = []
    for violation in violations:
        for node in violation["nodes"]:
            lines.append(
                f"[{violation['impact']}] {violation['id']} : {violation['help']} — "
                f"{' '.join(map(str, node['target']))} — {node['html'][:160]}"
            )
    return "\n".join(lines)
