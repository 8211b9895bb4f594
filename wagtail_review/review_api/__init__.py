"""The review API: reviewers and leaders sign from a phone (Art. 8-10), by the admin's own rules.

* ``tokens``: per-person bearer tokens, stored hashed, expiring, revocable, listed in the admin;
* ``authentication``: reads ``Authorization: Bearer <token>`` for Django REST framework;
* ``views``: sign in, 待我审核, a step as the signer sees it, sign or return, take down;
* ``errors``: every refusal as JSON with a Chinese message;
* ``phone``: the reference phone page, one HTML file and one script, no build step.

Every action calls the service functions the admin calls (``routing.services.sign``,
``publication.take_down.take_down``), so separation of duties, the nine points,
the second factor and the publish guard hold here by construction.
"""
