"""Single sign-on with the municipal account: Microsoft Entra ID over OpenID Connect.

``config`` reads the provider's settings and discovery document, ``backend`` verifies the ID
token and finds or creates the user, ``roles`` turns app roles into groups and a unit,
``middleware`` re-checks a signed-in session with the provider, ``views`` holds sign-in,
sign-out, the provider's front-channel logout and the pages that explain a refusal.
See docs/sso.md.
"""
