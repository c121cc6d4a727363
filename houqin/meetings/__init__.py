"""Meeting rooms, bookings with their rules, and the meeting service (会议服务) given to them."""
