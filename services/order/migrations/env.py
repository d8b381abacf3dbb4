from crm_common.migrate import run_migrations
from services.order.models import Base

run_migrations(Base.metadata)
