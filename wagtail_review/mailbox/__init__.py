"""The public mailbox (政民互动, Art. 14): the public writes, the responsible unit answers in time.

* ``calendar``: Chinese working days (official holidays and make-up workdays), for deadlines.
* ``models``: messages, their query codes, states and deadlines.
* ``abuse``: what keeps the public form usable: a human check without outside services, rate
  limits, duplicates.
* ``forms``, ``views``, ``urls``: the public pages under /hdjl/ (write, look up).
"""
